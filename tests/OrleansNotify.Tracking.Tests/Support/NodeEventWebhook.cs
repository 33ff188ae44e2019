using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansNotify.Tracking.Tests.Support;

/// <summary>
/// Runs Node/eventwebhook.js against tests/node/node_modules (SendGrid's @sendgrid/eventwebhook).
/// Fails, never skips, when node or the package is missing: run tests/setup/20-peers.sh.
/// </summary>
public static class NodeEventWebhook
{
    public sealed record Case(string PublicKey, byte[] Payload, string Signature, string Timestamp);

    public static async Task<bool[]> VerifyAsync(IReadOnlyList<Case> cases)
    {
        var input = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
        {
            ["publicKey"] = c.PublicKey,
            ["payload"] = Convert.ToBase64String(c.Payload),
            ["signature"] = c.Signature,
            ["timestamp"] = c.Timestamp,
        }).ToArray());
        var output = await RunAsync("verify", input.ToJsonString());
        return JsonSerializer.Deserialize<bool[]>(output)!;
    }

    /// <summary>Node's crypto makes a fresh P-256 key and signs timestamp + payload, as SendGrid does.</summary>
    public static async Task<(string PublicKey, string[] Signatures)> SignAsync(IReadOnlyList<byte[]> payloads, string timestamp)
    {
        var input = new JsonObject { ["payloads"] = new JsonArray(payloads.Select(p => (JsonNode)Convert.ToBase64String(p)).ToArray()), ["timestamp"] = timestamp };
        var output = JsonNode.Parse(await RunAsync("sign", input.ToJsonString()))!;
        return (output["publicKey"]!.GetValue<string>(), output["signatures"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray());
    }

    private static async Task<string> RunAsync(string mode, string input)
    {
        var modules = Path.Combine(RepositoryRoot(), "tests", "node", "node_modules");
        Assert.True(Directory.Exists(Path.Combine(modules, "@sendgrid", "eventwebhook")),
            $"@sendgrid/eventwebhook is not installed in {modules}: run tests/setup/20-peers.sh (npm ci in tests/node).");
        var script = Path.Combine(AppContext.BaseDirectory, "Node", "eventwebhook.js");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, mode },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NODE_PATH"] = modules },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node {mode} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "tests", "node")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tests/node not found above " + path);
    }
}
