using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.Benchmarks.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- e2e [--messages 20000] [--portals 4]
/// [--concurrency 32]</c>: emails/s through an embedded silo (HTTP accept → memory stream → portal grain →
/// SendGrid sender grain → fake SendGrid on loopback), batching on and off in one run. Two shapes per
/// setting: <em>live</em> (submit and deliver at once: the whole path) and <em>backlog</em> (messages queue
/// behind a portal whose key is refused, then a good key releases them: the portal → SendGrid half alone).
/// </summary>
internal static class EndToEndCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Option(args, "--messages", 20_000);
        var portals = Option(args, "--portals", 4);
        var concurrency = Option(args, "--concurrency", 32);
        await using var sendGrid = await FakeSendGridServer.StartAsync().ConfigureAwait(false);
        sendGrid.RecordRequests = false;
        Console.WriteLine($"e2e: {messages:N0} messages per phase over {portals} sendgrid portals, {concurrency} HTTP connections, {Environment.ProcessorCount} cores, fake SendGrid at {sendGrid.BaseUrl}");

        foreach (var (name, perCall) in new[] { ("batching on", (string?)null), ("batching off", "1") })
        {
            // Only the "off" phase overrides the setting; "on" runs with the shipped default (1,000 per call).
            var settings = perCall is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["Notify:SendGrid:MaxPersonalizationsPerCall"] = perCall };
            await using var silo = await EndToEndSilo.StartAsync(settings).ConfigureAwait(false);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 4 }) { BaseAddress = silo.Url, Timeout = TimeSpan.FromSeconds(60) };
            var phase = new EndToEndPhase(http, sendGrid, portals, concurrency);
            await phase.RunAsync($"{name}, warm-up", Math.Min(2_000, messages), backlog: false).ConfigureAwait(false);
            Report(name, "live", await phase.RunAsync(name, messages, backlog: false).ConfigureAwait(false));
            Report(name, "backlog", await phase.RunAsync(name, messages, backlog: true).ConfigureAwait(false));
        }

        return 0;
    }

    private static void Report(string setting, string shape, PhaseFigures f) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{setting,-13} {shape,-8} {f.Emails,7:N0} emails: accepted {f.AcceptedPerSecond,8:N0}/s, delivered end to end {f.EmailsPerSecond,8:N0} emails/s in {f.Elapsed.TotalSeconds,6:N2} s, {f.Calls,6:N0} mail/send calls ({f.Emails / Math.Max(1.0, f.Calls),6:N1} emails/call)"));

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

internal sealed record PhaseFigures(long Emails, long Calls, TimeSpan Elapsed, double AcceptedPerSecond)
{
    public double EmailsPerSecond => Emails / Elapsed.TotalSeconds;
}
