using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansNotify.Grains.Portals;

/// <summary>
/// A portal with work must stay served when its silo goes. Its messages are already in the store, so
/// once a graceful stop or a dead silo ends the activation nobody calls it again: the pump's grain timer
/// dies with it. While messages wait or are in flight, a reminder with the shortest period the host
/// allows keeps ticking; Orleans' reminder service follows membership, so the next tick reactivates the
/// portal on a live silo, which rebuilds its queue from the store and resumes with a cautious bucket.
/// </summary>
public sealed partial class PortalGrain
{
    private const string KeepAliveReminder = "keep-alive";

    /// <summary>Idle ticks before the reminder goes: one tick of slack so steady traffic does not churn it.</summary>
    private const int IdleTicksBeforeRelease = 2;

    private TimeSpan _keepAlivePeriod;
    private bool _keepAliveSet;
    private int _idleTicks;

    /// <summary>Ready or in-flight messages, or a hold due before the long-hold reminder takes over.</summary>
    private bool HasWork(DateTimeOffset now) =>
        _queue.ReadyCount > 0 || _queue.InFlightCount > 0 || (_queue.NextDue is { } due && due - now <= ReminderThreshold);

    /// <summary>Registers the keep-alive reminder once the portal has work (once per activation at most).</summary>
    private async Task KeepAliveAsync(DateTimeOffset now)
    {
        if (_keepAliveSet || _stale || !HasWork(now))
        {
            return;
        }

        _keepAliveSet = true;
        try
        {
            var period = _keepAlivePeriod;
            await this.RegisterOrUpdateReminder(KeepAliveReminder, period, period);
            LogKeepAlive(logger, PortalId, period, _owner);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _keepAliveSet = false; // the next pump cycle tries again
            LogReminderFailed(logger, ex, PortalId);
        }
    }

    /// <summary>A tick: work keeps the reminder; a portal idle for a while lets it go.</summary>
    private async Task OnKeepAliveTickAsync()
    {
        LogKeepAliveTick(logger, PortalId, _owner);
        _keepAliveSet = true;
        if (HasWork(time.GetUtcNow()))
        {
            _idleTicks = 0;
            return;
        }

        if (++_idleTicks < IdleTicksBeforeRelease)
        {
            return;
        }

        try
        {
            if (await this.GetReminder(KeepAliveReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _keepAliveSet = false;
            _idleTicks = 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReminderFailed(logger, ex, PortalId); // the next idle tick tries again
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Portal {PortalId} keeps alive every {Period} while it has work (owner {Owner})")]
    private static partial void LogKeepAlive(ILogger logger, string portalId, TimeSpan period, long owner);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Portal {PortalId} keep-alive tick (owner {Owner})")]
    private static partial void LogKeepAliveTick(ILogger logger, string portalId, long owner);
}
