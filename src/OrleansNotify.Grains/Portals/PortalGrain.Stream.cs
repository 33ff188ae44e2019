using Orleans.Streams;
using Orleans.Streams.Core;
using OrleansNotify.Grains.Intake;
using OrleansNotify.Grains.Queueing;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Portals;

/// <summary>Intake: submitted messages arrive on the portal's stream and become queue rows.</summary>
public sealed partial class PortalGrain
{
    /// <summary>Orleans calls this for the implicit subscription; the grain attaches its observer.</summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<SubmittedMessage>().ResumeAsync(new BatchObserver<SubmittedMessage>(OnMessagesAsync, OnStreamError));
    }

    /// <summary>Stores a delivery's messages in one call and queues those that were new.</summary>
    private async Task OnMessagesAsync(IList<SequentialItem<SubmittedMessage>> items)
    {
        var now = time.GetUtcNow();
        var defaultImportance = Config?.Defaults.DeliveryImportance ?? DeliveryImportance.Normal;
        var rows = items.Select(i => ToRow(i.Item, defaultImportance, now)).ToArray();
        var added = await store.AddAsync(PortalId, _owner, rows, CancellationToken.None);
        if (added.Count == 0)
        {
            return; // a redelivery: every id is already queued or done
        }

        var isNew = added.ToHashSet(StringComparer.Ordinal);
        if (!state.State.Exists)
        {
            await FailUnknownPortalAsync(isNew, now);
            return;
        }

        foreach (var row in rows.Where(r => isNew.Contains(r.MessageId)))
        {
            _queue.Add(new QueuedMessage
            {
                MessageId = row.MessageId,
                Importance = row.Importance,
                Body = row.Body,
                Recipients = row.Recipients,
                NotBefore = row.NotBefore,
                Scheduled = row.Status == MessageStatus.Scheduled,
            }, now);
            LogMessageQueued(logger, PortalId, row.MessageId, row.Status);
        }

        metrics.Queued(PortalId, isNew.Count);
        PublishDepth();
        RequestPump();
    }

    /// <summary>Messages for a portal that does not exist are recorded as failed, never dropped silently.</summary>
    private async Task FailUnknownPortalAsync(HashSet<string> messageIds, DateTimeOffset now)
    {
        const string reason = "portal does not exist";
        foreach (var id in messageIds)
        {
            _pending.Add(new MessageChange
            {
                MessageId = id,
                Status = MessageStatus.Failed,
                LastError = reason,
                Event = new TimelineEntry(now, "failed", reason),
            });
            metrics.Failed(PortalId);
            LogUnknownPortal(logger, PortalId, id);
        }

        await FlushAsync();
    }

    private void OnStreamError(Exception ex) => LogStreamError(logger, ex, PortalId);

    private static StoredMessage ToRow(SubmittedMessage message, DeliveryImportance defaultImportance, DateTimeOffset now) => new()
    {
        MessageId = message.MessageId,
        Importance = message.Importance ?? defaultImportance,
        SendAt = message.SendAt,
        AcceptedAt = message.AcceptedAt,
        Body = message.Body,
        Recipients = Math.Max(1, message.Recipients),
        Status = message.SendAt > now ? MessageStatus.Scheduled : MessageStatus.Queued,
        NotBefore = message.SendAt,
    };
}
