using System.Diagnostics;
using System.Globalization;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>
/// One silo or front end as a real OS process: <c>dotnet X.dll</c> with its own environment, its output
/// appended to a log file, and the signals the failover tests need (SIGKILL, SIGSTOP/SIGCONT, SIGTERM).
/// Disposing always ends it, also when a test failed while it was frozen.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private HostProcess(string name, Process process, StreamWriter log, string logPath, Uri http)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        Http = http;
    }

    public string Name { get; }

    public Uri Http { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static HostProcess Start(string name, string dll, Uri http, IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        var logPath = Path.Combine(logFolder, name + ".log");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = http.ToString().TrimEnd('/');
        // Plain text logs read better in a failed test's output than JSON lines.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        // Times on every line: a failover post-mortem lines up kill, death declaration and hand-over.
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        // Workstation GC: server GC would give each of several processes on 2 cores a heap per core.
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(name, process, log, logPath, http);
    }

    /// <summary>kill -9: no shutdown code runs, as when a machine dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    public void Freeze() => Signal("STOP");

    public void Resume() => Signal("CONT");

    /// <summary>SIGTERM, as systemd or a container runtime stops a service, then waits for the exit.</summary>
    public async Task<bool> StopGracefullyAsync(TimeSpan timeout)
    {
        Signal("TERM");
        return await WaitForExitAsync(timeout);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- {Name} ({LogPath}) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"--- {Name}: log unreadable ({e.Message}) ---";
        }
    }

    /// <summary>CPU seconds the process has used (user + system), from /proc: who did the work.</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // A frozen process takes SIGKILL too, but resuming first lets /proc state settle for the log.
                Signal("CONT");
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Signal(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, Pid.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the test closed the log.
            }
        }
    }
}
