using System.Globalization;

namespace OrleansNotify.Benchmarks.Cluster;

/// <summary>
/// One submission phase: accepted requests and emails per second at the HTTP front, dispatched emails per
/// second at the fake SendGrid (first accept to last arrival), accept→send latency per message, and how
/// many emails each mail/send call to the fake carried.
/// </summary>
internal sealed record PhaseResult(string Name, int Silos, long Requests, long Emails, double SubmitSeconds,
    long Dispatched, double DispatchSeconds, double P50Ms, double P99Ms, long Refused, double AcceptP50Ms, CostSample Cost, long SendCalls)
{
    public double AcceptedPerSecond => Emails / SubmitSeconds;

    public double RequestsPerSecond => Requests / SubmitSeconds;

    public double DispatchedPerSecond => DispatchSeconds > 0 ? Dispatched / DispatchSeconds : 0;

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Silos} | {Name} | {RequestsPerSecond:N0} req/s | {AcceptedPerSecond:N0} emails/s | {DispatchedPerSecond:N0} emails/s | {P50Ms:N0} ms | {P99Ms:N0} ms | {Refused:N0} | {AcceptP50Ms:N1} ms | {PerRequest(Cost.SiloCpu) * 1000:N2} / {PerRequest(Cost.PostgresCpu) * 1000:N2} ms | {PerRequest(Cost.Commits):N2} | {(SendCalls > 0 ? (double)Dispatched / SendCalls : 0):N1} |");

    public const string Header = "| silos | submissions | accepted requests | accepted emails | dispatched | accept→send p50 | p99 | refused | 202 p50 | CPU/request silo / pg | commits/request | emails/send call |\n|---|---|---|---|---|---|---|---|---|---|---|---|";

    /// <summary>A phase's cost (accepting and dispatching its requests) per accepted request.</summary>
    private double PerRequest(double total) => Requests > 0 ? total / Requests : double.NaN;

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
