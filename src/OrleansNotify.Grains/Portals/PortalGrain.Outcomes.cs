using OrleansNotify.Grains.Queueing;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Portals;

/// <summary>What a sender's outcome does to each message, and the batched writes to the store.</summary>
public sealed partial class PortalGrain
{
    private List<MessageChange> _pending = [];
    private Task _flushing = Task.CompletedTask;

    private async Task RunJobAsync(string kind, SendJob job, List<QueuedMessage> messages, int generation)
    {
        IReadOnlyList<SendOutcome> outcomes;
        try
        {
            outcomes = await GrainFactory.GetGrain<ISenderGrain>(kind).SendAsync(job)
                .WaitAsync(senderOptions.Value.SendTimeout, time);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSenderFailed(logger, ex, PortalId, kind);
            outcomes = messages.Select(m => SendOutcome.For(m.MessageId, SendResult.Transient, $"sender call failed: {ex.GetType().Name}")).ToArray();
        }
        finally
        {
            _throttle.JobEnded();
        }

        // Each "sending" goes to the store with its outcome, in the order the two happened.
        var sending = new List<MessageChange>(messages.Count);
        foreach (var message in messages)
        {
            if (_sending.Remove(message.MessageId, out var change) && message.State == QueueState.InFlight)
            {
                sending.Add(change);
            }
        }

        if (generation != _generation || _stale)
        {
            return; // the portal was deleted meanwhile
        }

        _pending.AddRange(sending);

        try
        {
            await ApplyOutcomesAsync(messages, outcomes);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPumpFailed(logger, ex, PortalId);
        }

        RequestPump(); // flushes these changes with the next "sending" ones, and fills the freed slot
    }

    private async Task ApplyOutcomesAsync(List<QueuedMessage> messages, IReadOnlyList<SendOutcome> outcomes)
    {
        var now = time.GetUtcNow();
        var byId = new Dictionary<string, SendOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            byId.TryAdd(outcome.MessageId, outcome);
        }

        foreach (var message in messages.Where(m => m.State == QueueState.InFlight))
        {
            var outcome = byId.GetValueOrDefault(message.MessageId)
                ?? SendOutcome.For(message.MessageId, SendResult.Transient, "the notifier returned no outcome");
            await ApplyAsync(message, outcome, now);
            foreach (var refused in outcome.RefusedRecipients ?? [])
            {
                var status = message.State == QueueState.Gone ? FinalStatusOf(outcome) : MessageStatus.Queued;
                _pending.Add(Change(message, status, now, "recipient-refused",
                    $"{refused.Email}: {refused.Reason}{(refused.Permanent ? " (permanent)" : "")}"));
            }
        }

        PublishDepth();
    }

    private async Task ApplyAsync(QueuedMessage message, SendOutcome outcome, DateTimeOffset now)
    {
        var retry = retryOptions.Value;
        switch (outcome.Result)
        {
            case SendResult.Sent or SendResult.Sandboxed:
                message.Attempts++;
                _queue.Complete(message);
                var sandbox = outcome.Result == SendResult.Sandboxed;
                _pending.Add(Change(message, MessageStatus.Sent, now, sandbox ? "sandbox" : "sent",
                    sandbox ? "sandbox mode: accepted, not delivered" : outcome.ProviderMessageId, providerId: outcome.ProviderMessageId));
                metrics.Sent(PortalId);
                LogSent(logger, PortalId, message.MessageId, outcome.ProviderMessageId);
                break;
            case SendResult.Permanent:
                message.Attempts++;
                Fail(message, outcome.Detail ?? "permanent failure", now);
                break;
            case SendResult.Transient:
                message.Attempts++;
                message.FirstAttemptAt ??= now;
                if (now - message.FirstAttemptAt >= retry.GiveUpAfter)
                {
                    Fail(message, $"gave up after {retry.GiveUpAfter}: {outcome.Detail ?? "transient failure"}", now);
                    break;
                }

                var delay = retry.BackoffFor(message.Attempts, Random.Shared.NextDouble());
                var notBefore = outcome.RetryAt is { } at && at > now + delay ? at : now + delay;
                _queue.Requeue(message, notBefore, now, front: false);
                _pending.Add(Change(message, MessageStatus.Queued, now, "retry", outcome.Detail, lastError: outcome.Detail ?? "transient failure"));
                metrics.Retried(PortalId);
                LogRetry(logger, PortalId, message.MessageId, message.Attempts, notBefore, outcome.Detail);
                break;
            case SendResult.RateLimited:
                var until = outcome.RetryAt is { } reset && reset > now ? reset : now + retry.DefaultRateLimitPause;
                _pausedUntil = _pausedUntil > until ? _pausedUntil : until;
                _throttle.Refund(_throttle.CostOf(message.Recipients));
                _queue.Requeue(message, null, now, front: true);
                _pending.Add(Change(message, MessageStatus.Queued, now, "throttled", $"provider rate limit: paused until {until:O}"));
                metrics.Throttled(PortalId);
                LogRateLimited(logger, PortalId, message.MessageId, until);
                break;
            default: // Misconfigured, and any result this version does not know
                _throttle.Refund(_throttle.CostOf(message.Recipients));
                _queue.Requeue(message, null, now, front: true);
                var reason = outcome.Detail ?? "the notifier reports a configuration problem";
                _pending.Add(Change(message, MessageStatus.Queued, now, "waiting", $"misconfigured: {reason}"));
                await SetMisconfiguredAsync(reason);
                break;
        }
    }

    private void Fail(QueuedMessage message, string reason, DateTimeOffset now)
    {
        _queue.Complete(message);
        _pending.Add(Change(message, MessageStatus.Failed, now, "failed", reason, lastError: reason));
        metrics.Failed(PortalId);
        LogFailed(logger, PortalId, message.MessageId, reason);
    }

    private static MessageStatus FinalStatusOf(SendOutcome outcome) =>
        outcome.Result is SendResult.Sent or SendResult.Sandboxed ? MessageStatus.Sent : MessageStatus.Failed;

    private async Task SetMisconfiguredAsync(string reason)
    {
        if (_misconfigured == reason)
        {
            return;
        }

        _misconfigured = reason;
        LogMisconfigured(logger, PortalId, reason);
        await GrainFactory.GetGrain<IPortalDirectoryGrain>(0).SetMisconfiguredAsync(PortalId, reason);
    }

    private async Task ClearMisconfiguredAsync()
    {
        if (_misconfigured is null)
        {
            return;
        }

        _misconfigured = null;
        await GrainFactory.GetGrain<IPortalDirectoryGrain>(0).SetMisconfiguredAsync(PortalId, null);
    }

    private static MessageChange Change(QueuedMessage message, MessageStatus status, DateTimeOffset now, string @event,
        string? detail, string? lastError = null, string? providerId = null) => new()
        {
            MessageId = message.MessageId,
            Status = status,
            Attempts = message.Attempts,
            NotBefore = message.NotBefore,
            LastError = lastError,
            ProviderMessageId = providerId,
            Event = new TimelineEntry(now, @event, detail),
        };

    /// <summary>
    /// Writes every pending change in one store call; flushes run one after another. With
    /// <paramref name="ownerCheck"/> it writes even when nothing is pending: the store checks the owner.
    /// </summary>
    private Task FlushAsync(bool ownerCheck = false)
    {
        _flushing = FlushAfterAsync(_flushing, ownerCheck);
        return _flushing;
    }

    private async Task FlushAfterAsync(Task previous, bool ownerCheck)
    {
        try
        {
            await previous;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Already reported to the caller of that flush; its changes went back to _pending.
        }

        if ((_pending.Count == 0 && !ownerCheck) || _stale)
        {
            return;
        }

        var batch = _pending;
        _pending = [];
        try
        {
            await store.UpdateAsync(PortalId, _owner, batch, CancellationToken.None);
        }
        catch (StaleOwnerException ex)
        {
            OnStale(ex);
            throw;
        }
        catch
        {
            _pending.InsertRange(0, batch); // nothing was written: keep them for the next flush
            throw;
        }
    }

    private void OnStale(StaleOwnerException ex)
    {
        if (!_stale)
        {
            _stale = true;
            LogStaleOwner(logger, ex, PortalId, _owner);
            DeactivateOnIdle();
        }
    }

    /// <summary>Activation: the store's pending rows become the queue; rows left in Sending go back to Queued.</summary>
    private async Task RebuildQueueAsync(CancellationToken cancellationToken)
    {
        var rows = await store.LoadPendingAsync(PortalId, cancellationToken);
        if (rows.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var row in rows.OrderBy(r => r.AcceptedAt))
        {
            var message = new QueuedMessage
            {
                MessageId = row.MessageId,
                Importance = row.Importance,
                Body = row.Body,
                Recipients = row.Recipients,
                NotBefore = row.NotBefore ?? row.SendAt,
                Attempts = row.Attempts,
                Scheduled = row.Status == MessageStatus.Scheduled,
                // The store keeps no first-attempt time: acceptance (or send_at) is the conservative stand-in.
                FirstAttemptAt = row.Attempts > 0 ? row.SendAt ?? row.AcceptedAt : null,
            };
            _queue.Add(message, now);
            if (row.Status == MessageStatus.Sending)
            {
                // At-least-once: the previous activation may or may not have sent it.
                _pending.Add(Change(message, MessageStatus.Queued, now, "requeued", "the portal restarted while it was sending"));
            }
        }

        await FlushAsync();
        PublishDepth();
        LogRebuilt(logger, PortalId, rows.Count);
        SetWakeTimer(TimeSpan.Zero); // the first pump runs once activation has finished
    }
}
