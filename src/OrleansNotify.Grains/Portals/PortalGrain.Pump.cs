using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansNotify.Grains.Queueing;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Portals;

/// <summary>
/// The pump: starts sends while tokens and concurrency allow, highest lane first, and wakes itself at
/// the next due time (a grain timer; a reminder as well for long holds, so an idle portal wakes up).
/// While it has work, a keep-alive reminder brings it back if its silo stops or dies (.KeepAlive).
/// Sends run as tasks on the grain's scheduler, so the grain keeps serving calls while they are out.
/// </summary>
public sealed partial class PortalGrain
{
    private const string WakeReminder = "wake";
    private static readonly TimeSpan ReminderThreshold = TimeSpan.FromMinutes(2);

    private IGrainTimer? _wakeTimer;
    private bool _pumping;
    private bool _pumpAgain;
    private bool _stale;
    private bool _reminderSet;
    private int _generation;
    private DateTimeOffset? _pausedUntil;
    private string? _misconfigured;

    /// <summary>Runs the pump now, or once more after the cycle in progress.</summary>
    private void RequestPump()
    {
        if (_stale)
        {
            return;
        }

        if (_pumping)
        {
            _pumpAgain = true;
            return;
        }

        _ = PumpLoopAsync();
    }

    private async Task PumpLoopAsync()
    {
        _pumping = true;
        try
        {
            do
            {
                _pumpAgain = false;
                await PumpOnceAsync();
            }
            while (_pumpAgain && !_stale);
        }
        catch (StaleOwnerException ex)
        {
            OnStale(ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPumpFailed(logger, ex, PortalId);
            SetWakeTimer(TimeSpan.FromSeconds(1)); // the store may be back by then
        }
        finally
        {
            _pumping = false;
        }
    }

    private bool _resumed;

    /// <summary>One cycle: pick what may go, persist every status change in one call, then send.</summary>
    private async Task PumpOnceAsync()
    {
        if (!_resumed)
        {
            _resumed = true;
            if (_owner > 1)
            {
                _throttle.Empty(); // an earlier activation may have sent up to its limit just before it went
            }
        }

        var now = time.GetUtcNow();
        _queue.PromoteDue(now);
        var jobs = new List<(string Kind, SendJob Job, List<QueuedMessage> Messages)>();
        TimeSpan? throttleWait = null;
        if (Config is { } config && CanSend(config, now))
        {
            var kind = config.Notifier!.Kind!;
            var maxBatch = senderOptions.Value.MaxBatch(kind);
            while (throttleWait is null && _throttle.CanStartJob && _queue.PeekReady() is not null)
            {
                var batch = new List<QueuedMessage>();
                while (batch.Count < maxBatch && _queue.PeekReady() is { } next)
                {
                    var cost = _throttle.CostOf(next.Recipients);
                    if (!_throttle.TryTake(cost))
                    {
                        throttleWait = _throttle.WaitFor(cost);
                        metrics.Throttled(PortalId);
                        break;
                    }

                    var message = _queue.TakeReady()!;
                    message.Scheduled = false;
                    batch.Add(message);
                }

                if (batch.Count == 0)
                {
                    break;
                }

                _throttle.JobStarted();
                jobs.Add((kind, new SendJob
                {
                    PortalId = PortalId,
                    Portal = config,
                    Messages = batch.Select(m => new OutboundMessage { MessageId = m.MessageId, Body = m.Body, Attempt = m.Attempts + 1 }).ToArray(),
                }, batch));
            }
        }

        try
        {
            await ApplySuppressionsAsync(jobs, now); // tracking: suppressed recipients never leave
            // The outcomes gathered since the last cycle, in one call. Before anything leaves it also proves
            // that this activation still owns the portal (with no outcomes, an empty write: a read), so a
            // stale activation (a frozen silo back, a duplicate while the directory settles) sends nothing.
            await FlushAsync(ownerCheck: jobs.Count > 0);
        }
        catch (Exception ex) when (ex is not StaleOwnerException)
        {
            // Nothing has left yet: hand the picked messages and their slots back, or a store outage
            // would strand them in memory until the grain is reactivated.
            ReturnUnstarted(jobs, now);
            throw;
        }

        foreach (var (kind, job, messages) in jobs)
        {
            foreach (var message in messages)
            {
                _sending[message.MessageId] = Change(message, MessageStatus.Sending, now, "sending", $"attempt {message.Attempts + 1}");
            }

            _ = RunJobAsync(kind, job, messages, _generation);
        }

        PublishDepth();
        await ScheduleWakeAsync(now, throttleWait);
        await SaveQuotaAsync(force: false);
    }

    private void ReturnUnstarted(List<(string Kind, SendJob Job, List<QueuedMessage> Messages)> jobs, DateTimeOffset now)
    {
        foreach (var (_, _, messages) in jobs)
        {
            _throttle.JobEnded();
            foreach (var message in messages)
            {
                if (message.State != QueueState.InFlight)
                {
                    continue; // already final (e.g. every recipient suppressed)
                }

                _throttle.Refund(_throttle.CostOf(message.Recipients));
                _queue.Requeue(message, null, now, front: true);
                _pending.Add(Change(message, MessageStatus.Queued, now, "requeued", "the store was unavailable; not sent"));
            }
        }
    }

    /// <summary>
    /// "sending" stays in memory until the send's outcome and goes to the store with it: one status write
    /// per send instead of two. A message out at a crash is still "queued" (or its earlier status) in the
    /// store, so the next activation sends it again (at least once, as with a stored "sending"); attempts
    /// count outcomes, as before. While the send is out, reads see it through <see cref="WithSendsInFlight"/>.
    /// </summary>
    private readonly Dictionary<string, MessageChange> _sending = new(StringComparer.Ordinal);

    /// <summary>A stored view with the send this activation has out, which the store does not know yet.</summary>
    private MessageView? WithSendsInFlight(MessageView? view) =>
        view is not null && _sending.TryGetValue(view.MessageId, out var sending)
            ? view with { Status = MessageStatus.Sending, Timeline = [.. view.Timeline, sending.Event] }
            : view;

    private bool CanSend(PortalConfig config, DateTimeOffset now)
    {
        if (_misconfigured is not null || _pausedUntil > now || _queue.ReadyCount == 0 || HostStopping)
        {
            return false;
        }

        if (config.Notifier?.Kind is not { Length: > 0 })
        {
            _misconfigured = "the portal has no notifier";
            return false;
        }

        return true;
    }

    private IHostApplicationLifetime? _lifetime;

    /// <summary>
    /// The process is stopping (SIGTERM): start no new sends. Orleans blocks application messages before it
    /// deactivates the portal, so a send started now would lose its outcome, stay "sending" and be sent
    /// again by the portal's next activation; what is still queued goes there instead, sent once.
    /// </summary>
    private bool HostStopping => _lifetime?.ApplicationStopping.IsCancellationRequested == true;

    /// <summary>Wakes at the earliest of: a held message's due time, throttle tokens, the end of a pause.</summary>
    private async Task ScheduleWakeAsync(DateTimeOffset now, TimeSpan? throttleWait)
    {
        DateTimeOffset? next = _queue.NextDue;
        if (_queue.ReadyCount > 0 && _misconfigured is null)
        {
            if (_pausedUntil > now)
            {
                next = Earliest(next, _pausedUntil);
            }
            else if (throttleWait is { } wait)
            {
                next = Earliest(next, now + wait);
            }
        }

        SetWakeTimer(next is { } due ? due - now : null);
        await SetReminderAsync(_queue.NextDue is { } held && held - now > ReminderThreshold ? held - now : null);
        await KeepAliveAsync(now);
    }

    private void SetWakeTimer(TimeSpan? dueIn)
    {
        var due = dueIn is { } d ? (d < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : d) : Timeout.InfiniteTimeSpan;
        if (_wakeTimer is null)
        {
            if (dueIn is null)
            {
                return;
            }

            _wakeTimer = this.RegisterGrainTimer(OnWakeAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
            return;
        }

        _wakeTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private Task OnWakeAsync(CancellationToken cancellationToken)
    {
        RequestPump();
        return Task.CompletedTask;
    }

    /// <summary>Long send_at holds also get a reminder: it reactivates the portal if it was collected.</summary>
    private async Task SetReminderAsync(TimeSpan? dueIn)
    {
        try
        {
            if (dueIn is { } due && !_reminderSet)
            {
                await this.RegisterOrUpdateReminder(WakeReminder, due, TimeSpan.FromMinutes(5));
                _reminderSet = true;
            }
            else if (dueIn is null && _reminderSet && _queue.HeldCount == 0)
            {
                var reminder = await this.GetReminder(WakeReminder);
                if (reminder is not null)
                {
                    await this.UnregisterReminder(reminder);
                }

                _reminderSet = false;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReminderFailed(logger, ex, PortalId); // the timer still wakes an active portal
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (string.Equals(reminderName, KeepAliveReminder, StringComparison.Ordinal))
        {
            await OnKeepAliveTickAsync();
        }
        else
        {
            _reminderSet = true;
        }

        RequestPump();
    }

    private void PublishDepth() => metrics.SetDepth(PortalId, _queue.Depth);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private DateTimeOffset _quotaSavedAt;

    /// <summary>The daily counter goes to grain state at most every few seconds (and on deactivation).</summary>
    private async Task SaveQuotaAsync(bool force)
    {
        var now = time.GetUtcNow();
        var changed = state.State.SentToday != _throttle.SentToday || state.State.QuotaDay != _throttle.QuotaDay;
        // Only a quota needs the counter to survive; without one, no state write per cycle.
        if (Config?.Throttle.DailyQuota is null || !changed || (!force && now - _quotaSavedAt < TimeSpan.FromSeconds(5)))
        {
            return;
        }

        state.State.SentToday = _throttle.SentToday;
        state.State.QuotaDay = _throttle.QuotaDay;
        _quotaSavedAt = now;
        await WriteStateAsync(() => state.WriteStateAsync());
    }
}
