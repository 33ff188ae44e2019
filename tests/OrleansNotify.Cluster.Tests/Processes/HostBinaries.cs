using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>
/// Where <c>OrleansNotify.Silo.dll</c> and <c>OrleansNotify.Frontend.dll</c> are. A host referenced by the
/// test project runs from the test's own output; otherwise it is built once per test run with
/// <c>dotnet build -c Release -o</c> into a folder of its own. Processes start as <c>dotnet X.dll</c>,
/// never <c>dotnet run</c>, so a signal reaches the host itself and not a wrapper. <c>NOTIFY_HOSTS_DIR</c>
/// points at hosts built beforehand instead.
/// </summary>
internal static class HostBinaries
{
    public const string Silo = "OrleansNotify.Silo";
    public const string Frontend = "OrleansNotify.Frontend";

    private static readonly Dictionary<string, Lazy<string>> Builds = new(StringComparer.Ordinal);

    /// <summary>The full path of the host's dll, building it first if needed.</summary>
    public static string DllOf(string project)
    {
        // NOTIFY_HOSTS_DIR: hosts built beforehand ({dir}/{project}/{project}.dll), e.g. one Release build for many runs.
        var prebuilt = Environment.GetEnvironmentVariable("NOTIFY_HOSTS_DIR");
        if (!string.IsNullOrEmpty(prebuilt) && File.Exists(Path.Combine(prebuilt, project, project + ".dll")))
        {
            return Path.Combine(prebuilt, project, project + ".dll");
        }

        var local = Path.Combine(AppContext.BaseDirectory, project + ".dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, project + ".runtimeconfig.json")))
        {
            return local;
        }

        Lazy<string> build;
        lock (Builds)
        {
            if (!Builds.TryGetValue(project, out build!))
            {
                build = new Lazy<string>(() => Build(project), LazyThreadSafetyMode.ExecutionAndPublication);
                Builds[project] = build;
            }
        }

        return build.Value;
    }

    private static string Build(string project)
    {
        var csproj = Path.Combine(RepositoryRoot(), "src", project, project + ".csproj");
        if (!File.Exists(csproj))
        {
            throw new InvalidOperationException($"{csproj} does not exist: this scenario needs the {project} host.");
        }

        var output = Path.Combine(Path.GetTempPath(), "orleansnotify-hosts", Environment.UserName, project);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", csproj, "-c", "Release", "-o", output, "--nologo", "-v", "q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building {project} failed:\n{stdout}\n{stderr.Result}");
        }

        return Path.Combine(output, project + ".dll");
    }

    private static string RepositoryRoot([CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansNotify.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OrleansNotify.sln not found above " + source);
    }
}
