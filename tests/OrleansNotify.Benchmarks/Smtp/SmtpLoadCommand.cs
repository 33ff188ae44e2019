using System.Diagnostics;
using System.Globalization;
using System.Text.Json;


namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- smtp [--interleaved [--rounds 6] [--slice-ms 500]] [--seconds 5] [--pool 8]</c>:
/// messages/s and process CPU per message to a local sink answering 250, all in one run: the product's
/// sender grain in an in-process silo on one connection and with its pool (grain call, parse, merge,
/// MIME build, pool, outcome mapping), the notifier without the grain call, a bare MailKit loop with
/// pre-built messages on one and on <c>--pool</c> connections, then System.Net.Mail (a connection per
/// message) and nodemailer's pooled transport.
/// </summary>
internal static class SmtpLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = TimeSpan.FromSeconds(Option(args, "--seconds", 5));
        var pool = Option(args, "--pool", 8);
        if (args.Contains("--breakdown"))
        {
            SmtpBreakdown.Run(Option(args, "--iterations", 20_000));
            return 0;
        }

        await using var sink = new SmtpSink();
        await using var silo = await SmtpSilo.StartAsync().ConfigureAwait(false);
        await using var contenders = await SmtpContenders.CreateAsync(silo, sink.Port, pool).ConfigureAwait(false);
        var paths = contenders.Paths;
        if (Option(args, "--path", -1) is var only && only >= 0)
        {
            // One path alone, e.g. under a profiler: smtp --path 0 --seconds 20.
            var alone = await SmtpInterleaved.RunSequentialAsync([paths[only]], seconds).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {paths[only].Name}: {alone[0].PerSecond:N0} msgs/s, {alone[0].CpuMicroseconds:N1} µs CPU/msg"));
            return 0;
        }

        var interleaved = args.Contains("--interleaved");
        var rounds = Option(args, "--rounds", 6);
        var slice = TimeSpan.FromMilliseconds(Option(args, "--slice-ms", 500));
        Console.WriteLine(interleaved
            ? $"SMTP load: sink on 127.0.0.1:{sink.Port}, interleaved, {rounds} rounds of {slice.TotalMilliseconds} ms per path, pool {pool}, {Environment.ProcessorCount} cores"
            : $"SMTP load: sink on 127.0.0.1:{sink.Port}, {seconds.TotalSeconds} s per path, pool {pool}, {Environment.ProcessorCount} cores");
        var tallies = interleaved
            ? await SmtpInterleaved.RunAsync(paths, rounds, slice).ConfigureAwait(false)
            : await SmtpInterleaved.RunSequentialAsync(paths, seconds).ConfigureAwait(false);
        var systemNetMail = await SystemNetMailAsync(sink.Port, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        var nodemailer = await NodemailerAsync(sink.Port, seconds, pool).ConfigureAwait(false);

        Console.WriteLine($"  {"path",-46} {"msgs/s",10} {"CPU µs/msg",11}");
        for (var i = 0; i < paths.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {paths[i].Name,-46} {tallies[i].PerSecond,10:N0} {tallies[i].CpuMicroseconds,11:N1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"System.Net.Mail (connects per message)",-46} {systemNetMail.PerSecond,10:N0} {systemNetMail.CpuMicroseconds,11:N1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {$"nodemailer pool ({pool} connections)",-46} {nodemailer,10:N0}"));

        double Rate(int i) => tallies[i].PerSecond;
        var grainPool = Rate(SmtpContenders.GrainPool);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sender grain / bare MailKit, 1 connection {Rate(SmtpContenders.Grain1) / Rate(SmtpContenders.Bare1):N2}x, 2 jobs in flight {Rate(SmtpContenders.Grain1TwoInFlight) / Rate(SmtpContenders.Bare1):N2}x (target >= 0.75); jobs of {SmtpContenders.JobSize} {Rate(SmtpContenders.Grain1Jobs) / Rate(SmtpContenders.Bare1):N2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sender grain pool {grainPool:N0}/s (target >= 8,000), / bare {pool} connections {grainPool / Rate(SmtpContenders.BarePool):N2}x; vs System.Net.Mail {grainPool / systemNetMail.PerSecond:N0}x (>= 100); vs nodemailer {grainPool / nodemailer:N1}x (>= 2)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  without the grain call: 1 connection {Rate(SmtpContenders.Notifier1) / Rate(SmtpContenders.Bare1):N2}x bare, pool {Rate(SmtpContenders.NotifierPool):N0}/s; sink received {sink.Messages:N0} messages in all"));
        return 0;
    }

    private static async Task<SmtpTally> SystemNetMailAsync(int port, TimeSpan duration)
    {
        var tally = new SmtpTally();
        var path = new SmtpPath("System.Net.Mail", 1, async (_, ct) =>
        {
            // The baseline the issue quotes: System.Net.Mail opens a connection for every message.
            using var client = new System.Net.Mail.SmtpClient("127.0.0.1", port);
            using var message = new System.Net.Mail.MailMessage("sender@notify.test", "alice@example.test", "Benchmark message", "Hello Alice,\nyour order shipped.");
            await client.SendMailAsync(message, ct).ConfigureAwait(false);
        });
        await new SmtpTally().AddAsync(path, TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        await tally.AddAsync(path, duration).ConfigureAwait(false);
        return tally;
    }

    private static async Task<double> NodemailerAsync(int port, TimeSpan duration, int connections)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Smtp", "nodemailer-pool.js");
        var start = new ProcessStartInfo("node", [script, port.ToString(CultureInfo.InvariantCulture), duration.TotalSeconds.ToString(CultureInfo.InvariantCulture), connections.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NODE_PATH"] = Environment.GetEnvironmentVariable("NOTIFY_NODE_MODULES") is { Length: > 0 } modules
            ? modules
            : Path.GetFullPath(Path.Combine(FindRepoRoot(), "tests", "node", "node_modules"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"  nodemailer failed: {error}");
            return double.NaN;
        }

        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("sent").GetDouble() / json.RootElement.GetProperty("seconds").GetDouble();
    }

    /// <summary>The source tree this was built from (tests/node holds the npm peers).</summary>
    private static string FindRepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    /// <summary>Runs the loops until the deadline; returns messages sent (<paramref name="perCall"/> per completed call).</summary>
    internal static async Task<long> RunAsync(int workers, TimeSpan duration, Func<int, CancellationToken, Task> once, int perCall = 1)
    {
        long done = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var cancel = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await once(w, cancel.Token).ConfigureAwait(false);
                Interlocked.Add(ref done, perCall);
            }
        }))).ConfigureAwait(false);
        return done;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
