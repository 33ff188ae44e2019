using System.Globalization;

namespace OrleansNotify.Benchmarks.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- e2e [--seconds 10] [--portals 4]
/// [--connections 32] [--threads 1] [--batch 100] [--warmup 8] [--first on|off]</c>: emails/s through an embedded silo (HTTP accept → memory stream →
/// portal grain → SendGrid sender grain → fake SendGrid on loopback), batching on and off in one run, with
/// the load from wrk in its own process. Shapes per silo: <em>live</em> (submit and deliver at once:
/// the whole path), <em>live batch</em> (the same with <c>--batch</c> messages per request) and
/// <em>backlog</em> (messages queue behind portals whose key is refused, then a good key releases them:
/// accept alone, then the portal → SendGrid half alone).
/// </summary>
internal static class EndToEndCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new E2eOptions(Option(args, "--seconds", 10), Option(args, "--portals", 4), Option(args, "--connections", 32),
            Option(args, "--threads", 1), Option(args, "--batch", 100), Option(args, "--warmup", 8));
        await using var sendGrid = await Testing.SendGrid.FakeSendGridServer.StartAsync().ConfigureAwait(false);
        sendGrid.RecordRequests = false;
        Console.WriteLine($"e2e: wrk {options.Seconds} s per phase, {options.Connections} connections, {options.Threads} wrk thread(s), {options.Portals} sendgrid portals, {Environment.ProcessorCount} cores, fake SendGrid at {sendGrid.BaseUrl}");
        Console.WriteLine("cpu = this process (silo + fake SendGrid) per email; accept cpu covers the wrk window only");

        // Three silos in one run: batching on, batching off (one personalization per call), and batching on
        // with every single-message submission published on its own (the accept path before coalescing).
        // --first off runs the unbatched silo first, to tell the order (warm-up) from the setting.
        var silos = new List<(string Name, Dictionary<string, string?> Settings)>
        {
            ("batching on", []),
            ("on, uncoal.", new() { ["Notify:CoalesceSubmissions"] = "false" }),
            ("batching off", new() { ["Notify:SendGrid:MaxPersonalizationsPerCall"] = "1" }),
        };
        if (Array.IndexOf(args, "--first") is var f and >= 0 && f + 1 < args.Length && args[f + 1] == "off")
        {
            (silos[0], silos[2]) = (silos[2], silos[0]);
        }

        foreach (var (name, settings) in silos)
        {
            await using var silo = await EndToEndSilo.StartAsync(settings).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = silo.Url, Timeout = TimeSpan.FromSeconds(60) };
            var phase = new EndToEndPhase(http, silo.Url, sendGrid, options);
            await WarmUpAsync(phase, name, options).ConfigureAwait(false);
            var seconds = TimeSpan.FromSeconds(options.Seconds);
            Report(name, "live", await phase.RunAsync(seconds, backlog: false, perRequest: 1).ConfigureAwait(false));
            if (options.Batch > 1 && !name.StartsWith("on,", StringComparison.Ordinal))
            {
                Report(name, $"live x{options.Batch}", await phase.RunAsync(seconds, backlog: false, perRequest: options.Batch).ConfigureAwait(false));
            }

            Report(name, "backlog", await phase.RunAsync(seconds, backlog: true, perRequest: 1).ConfigureAwait(false));
        }

        return 0;
    }

    /// <summary>
    /// Warm-up (JIT tiers, grain activations, pools) in rounds of live single messages until two rounds
    /// agree within 15% (at most --warmup rounds of 3 s, the first silo of a run needs the most), then one batched round.
    /// </summary>
    private static async Task WarmUpAsync(EndToEndPhase phase, string name, E2eOptions options)
    {
        var rates = new List<double>();
        for (var round = 0; round < Math.Max(2, options.Warmup); round++)
        {
            rates.Add((await phase.RunAsync(TimeSpan.FromSeconds(3), backlog: false, perRequest: 1).ConfigureAwait(false)).AcceptedPerSecond);
            if (rates.Count >= 2 && Math.Abs(rates[^1] - rates[^2]) <= 0.15 * rates[^1])
            {
                break;
            }
        }

        if (options.Batch > 1)
        {
            await phase.RunAsync(TimeSpan.FromSeconds(3), backlog: false, perRequest: options.Batch).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} warm-up   accepted/s per 3 s round: {string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}"));
    }

    private static void Report(string setting, string shape, PhaseFigures f) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{setting,-12} {shape,-9} {f.Emails,8:N0} emails: accepted {f.AcceptedPerSecond,7:N0}/s (p50 {f.Wrk.P50Micros / 1000,5:N1} ms, p99 {f.Wrk.P99Micros / 1000,6:N1} ms, {f.Wrk.Refused} refused), accept cpu {f.AcceptCpuMicros,5:N1} µs/email; delivered {f.EmailsPerSecond,8:N0} emails/s in {f.Elapsed.TotalSeconds,5:N1} s, {(shape.StartsWith("backlog", StringComparison.Ordinal) ? "drain" : "whole")} cpu {f.DeliverCpuMicros,5:N1} µs/email; {f.Calls,6:N0} mail/send calls ({f.Emails / Math.Max(1.0, f.Calls),6:N1} emails/call)"));

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

internal sealed record E2eOptions(int Seconds, int Portals, int Connections, int Threads, int Batch, int Warmup);

/// <summary>
/// A phase's figures. Live: <see cref="Elapsed"/> runs from the first request to the last email at the fake,
/// accept and deliver CPU both cover that whole window. Backlog: accept covers wrk plus the stream, deliver
/// covers the release and drain alone.
/// </summary>
internal sealed record PhaseFigures(long Emails, long Calls, TimeSpan Elapsed, double AcceptedPerSecond,
    double AcceptCpuMicros, double DeliverCpuMicros, WrkResult Wrk)
{
    public double EmailsPerSecond => Emails / Elapsed.TotalSeconds;
}
