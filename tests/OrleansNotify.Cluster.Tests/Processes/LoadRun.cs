using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>
/// Submits messages round-robin over portals with bounded concurrency. A refused or unanswered
/// submission is retried with the same Idempotency-Key (through the next API address) until accepted
/// or the deadline: only messages answered 202 count as accepted, and those are what must arrive.
/// </summary>
internal sealed class LoadRun(NotifyApi api, Func<IReadOnlyList<Uri>> targets)
{
    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _acceptedAt = new(StringComparer.Ordinal);
    private long _refusals;

    /// <summary>Accepted message id → portal id.</summary>
    public IReadOnlyDictionary<string, string> Accepted => _accepted;

    /// <summary>Accepted message id → when its 202 arrived (a <see cref="Stopwatch"/> timestamp).</summary>
    public IReadOnlyDictionary<string, long> AcceptedAt => _acceptedAt;

    /// <summary>Answers other than 202 (e.g. while PostgreSQL restarts), each followed by a retry.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Messages never accepted before the deadline.</summary>
    public int GaveUp { get; private set; }

    /// <summary>
    /// How long one attempt waits for its answer before it is retried (same key, next address), as a
    /// client would; null leaves it to the HttpClient's timeout. A request in flight to a front end whose
    /// gateway silo was just killed can otherwise hang for Orleans' 30 s response timeout.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; init; }

    public async Task RunAsync(IReadOnlyList<Portal> portals, int messages, int concurrency, TimeSpan deadline, string runTag,
        double? perSecond = null, CancellationToken cancellationToken = default)
    {
        var next = -1;
        var gaveUp = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= messages)
                {
                    return;
                }

                if (perSecond is { } rate)
                {
                    // Open-loop pacing: message i leaves at i / rate seconds, whatever the replies do.
                    var due = TimeSpan.FromSeconds(index / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, cancellationToken);
                    }
                }

                var portal = portals[index % portals.Count];
                var tag = string.Create(CultureInfo.InvariantCulture, $"{runTag}-{index}");
                if (!await SubmitUntilAcceptedAsync(portal, tag, worker, clock, deadline, cancellationToken))
                {
                    Interlocked.Increment(ref gaveUp);
                }
            }
        });
        await Task.WhenAll(workers);
        GaveUp = gaveUp;
    }

    private async Task<bool> SubmitUntilAcceptedAsync(Portal portal, string tag, int worker, Stopwatch clock, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var body = NotifyApi.Message(tag);
        for (var attempt = 0; clock.Elapsed < deadline; attempt++)
        {
            var list = targets();
            var target = list[(worker + attempt) % list.Count];
            string? id;
            using (var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (AttemptTimeout is { } limit)
                {
                    patience.CancelAfter(limit);
                }

                try
                {
                    id = await api.SubmitAsync(target, portal.Id, portal.Key, tag, body, patience.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    id = null; // timed out: retried like a refusal
                }
            }

            if (id is not null)
            {
                _acceptedAt[id] = Stopwatch.GetTimestamp();
                _accepted[id] = portal.Id;
                return true;
            }

            Interlocked.Increment(ref _refusals);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * (attempt + 1))), cancellationToken);
        }

        return false;
    }
}
