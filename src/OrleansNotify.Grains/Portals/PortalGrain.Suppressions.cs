using Microsoft.Extensions.Logging;
using OrleansNotify.Grains.Queueing;
using OrleansNotify.Grains.Tracking;
using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Portals;

/// <summary>
/// The tracking hook on the send path: before jobs leave, suppressed recipients (bounced, spam reports,
/// unsubscribes, manual) come out of each body; a message with nobody left ends as <c>suppressed</c>.
/// It matters most for SMTP portals, where no provider keeps the list. One grain call per pump cycle;
/// an empty list costs no body parse.
/// </summary>
public sealed partial class PortalGrain
{
    private async Task ApplySuppressionsAsync(List<(string Kind, SendJob Job, List<QueuedMessage> Messages)> jobs, DateTimeOffset now)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        SuppressionSnapshot snapshot;
        try
        {
            snapshot = await GrainFactory.GetGrain<ITrackingGrain>(PortalId).GetSnapshotAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Fail open: a tracking outage must not stop every send; the provider's own lists still apply.
            LogSuppressionCheckFailed(logger, ex, PortalId);
            return;
        }

        if (snapshot.IsEmpty)
        {
            return;
        }

        for (var j = jobs.Count - 1; j >= 0; j--)
        {
            var (kind, job, messages) = jobs[j];
            var keep = new List<QueuedMessage>(messages.Count);
            var outbound = new List<OutboundMessage>(messages.Count);
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var filtered = SuppressionFilter.Apply(job.Messages[i].Body, snapshot);
                var removed = string.Join(", ", filtered.Removed);
                if (filtered.NothingLeft)
                {
                    _queue.Complete(message);
                    _throttle.Refund(_throttle.CostOf(message.Recipients));
                    _pending.Add(Change(message, MessageStatus.Suppressed, now, "suppressed", removed));
                    continue;
                }

                if (filtered.Removed.Count > 0)
                {
                    _pending.Add(Change(message, MessageStatus.Sending, now, "recipients-suppressed", removed));
                }

                keep.Add(message);
                outbound.Add(job.Messages[i] with { Body = filtered.Body! });
            }

            if (keep.Count == 0)
            {
                jobs.RemoveAt(j);
                _throttle.JobEnded();
            }
            else
            {
                jobs[j] = (kind, job with { Messages = outbound }, keep);
            }
        }
    }

    [LoggerMessage(1090, LogLevel.Warning, "Portal {PortalId}: suppression list unavailable, sending without it")]
    private static partial void LogSuppressionCheckFailed(ILogger logger, Exception ex, string portalId);
}
