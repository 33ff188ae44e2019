using System.Runtime.CompilerServices;

namespace OrleansNotify.Testing.Smtp;

/// <summary>
/// Where the test peers live. A missing peer fails the test with the command that installs it
/// (tests/setup/20-peers.sh): SMTP tests never skip.
/// </summary>
public static class Peers
{
    /// <summary>This folder in the source tree, where the Node and Python scripts are.</summary>
    public static string ScriptFolder { get; } = Path.GetDirectoryName(SourcePath())!;

    public static string NodeModules
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("NOTIFY_NODE_MODULES") is { Length: > 0 } env
                ? env
                : Path.GetFullPath(Path.Combine(ScriptFolder, "..", "..", "node", "node_modules"));
            if (!Directory.Exists(Path.Combine(path, "smtp-server")) || !Directory.Exists(Path.Combine(path, "mailparser")))
            {
                throw new InvalidOperationException($"npm peers missing in {path}: run `source tests/setup/20-peers.sh` (npm ci in tests/node).");
            }

            return path;
        }
    }

    public static string Node => Which("node") ?? throw new InvalidOperationException("node is not installed: run tests/setup/20-peers.sh");

    /// <summary>Debian's interpreter: python3-aiosmtpd installs there, not into other pythons on PATH.</summary>
    public static string Python
    {
        get
        {
            var python = Environment.GetEnvironmentVariable("NOTIFY_AIOSMTPD_PYTHON") is { Length: > 0 } env ? env : "/usr/bin/python3";
            return File.Exists(python) ? python : throw new InvalidOperationException($"{python} missing: run tests/setup/20-peers.sh (python3-aiosmtpd)");
        }
    }

    public static string Script(string name) => Path.Combine(ScriptFolder, name);

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
