using System.Diagnostics;

namespace OrleansNotify.Events.Tests.Support;

/// <summary>
/// The RabbitMQ the tests use: the node tests/setup/30-rabbitmq.sh started (NOTIFY_TEST_RABBITMQ and
/// NOTIFY_TEST_RABBITMQ_DIR), else a private node this class starts with the same script. Fails, never
/// skips, when no broker can be had. Stop/Start restart the very node (its data survives).
/// </summary>
public sealed class RabbitMqBroker : IAsyncLifetime
{
    private bool _owned;

    public Uri Uri { get; private set; } = null!;

    public string Directory { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var uri = Environment.GetEnvironmentVariable("NOTIFY_TEST_RABBITMQ");
        var dir = Environment.GetEnvironmentVariable("NOTIFY_TEST_RABBITMQ_DIR");
        if (!string.IsNullOrEmpty(uri) && !string.IsNullOrEmpty(dir))
        {
            (Uri, Directory) = (new Uri(uri), dir);
            return;
        }

        if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
        {
            throw new InvalidOperationException(
                "RabbitMQ is required: run tests/run.sh (tests/setup/30-rabbitmq.sh installs and starts it) or apt-get install rabbitmq-server.");
        }

        Directory = System.IO.Directory.CreateTempSubdirectory("notify-rabbitmq-").FullName;
        _owned = true;
        Uri = new Uri((await RunAsync("start")).Trim());
    }

    /// <summary>Stops the node (SIGTERM; persistent messages in durable queues stay on disk).</summary>
    public Task StopAsync() => RunAsync("stop");

    /// <summary>Starts the node again on the same ports and data.</summary>
    public Task StartAsync() => RunAsync("start");

    public async Task DisposeAsync()
    {
        if (_owned)
        {
            await RunAsync("shutdown");
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // files of the stopped node still closing; the temp folder is cleaned later
            }
        }
    }

    private async Task<string> RunAsync(string command)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "rabbitmq-node.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(Directory);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmq-node.sh {command} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
