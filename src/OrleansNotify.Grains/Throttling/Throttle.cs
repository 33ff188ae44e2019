using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Throttling;

/// <summary>
/// A portal's throttle: a token bucket (perSecond, burst), a cap on sends in flight and a quota per
/// UTC day. Plain logic on an injected <see cref="TimeProvider"/>; the portal grain is its only user,
/// so it needs no locking.
/// </summary>
public sealed class Throttle
{
    /// <summary>Tolerance for floating-point refills (a token is 1.0 give or take rounding).</summary>
    private const double Epsilon = 1e-9;

    private readonly TimeProvider _time;
    private ThrottleSettings _settings;
    private double _tokens;
    private long _refilledAt;

    /// <summary>
    /// With <paramref name="startFull"/> false (a portal resuming elsewhere) the bucket starts with one
    /// second's worth of tokens instead of a full burst, so a moved portal cannot replay a burst.
    /// </summary>
    public Throttle(ThrottleSettings settings, TimeProvider time, bool startFull = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _settings = settings;
        _refilledAt = time.GetTimestamp();
        _tokens = startFull ? Capacity : Math.Min(Capacity, settings.PerSecond);
        QuotaDay = Today();
    }

    public int InFlight { get; private set; }
    /// <summary>The UTC day <see cref="SentToday"/> counts.</summary>
    public DateOnly QuotaDay { get; private set; }
    public int SentToday { get; private set; }

    private double Capacity => Math.Max(1, _settings.Burst);

    /// <summary>New settings keep the current tokens (capped at the new burst) and counters.</summary>
    public void Update(ThrottleSettings settings)
    {
        Refill();
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _tokens = Math.Min(_tokens, Capacity);
    }

    /// <summary>
    /// Spends every token: a portal taking over from an earlier activation cannot know what that one sent
    /// in its last second, so it earns its sends from now on. Any window then holds at most the old
    /// activation's burst and rate plus the new one's rate: burst + rate x window, as if it never moved.
    /// </summary>
    public void Empty()
    {
        Refill();
        _tokens = 0;
    }

    /// <summary>Resumes the daily counter from stored state (ignored when it is another day's).</summary>
    public void RestoreQuota(DateOnly day, int sent)
    {
        if (day == Today())
        {
            QuotaDay = day;
            SentToday = sent;
        }
    }

    /// <summary>What one message costs: its recipients, within what the bucket and quota can ever hold.</summary>
    public int CostOf(int recipients)
    {
        var cost = Math.Clamp(recipients, 1, (int)Capacity);
        return _settings.DailyQuota is int quota ? Math.Min(cost, Math.Max(1, quota)) : cost;
    }

    public bool CanStartJob => InFlight < Math.Max(1, _settings.MaxConcurrency);

    public void JobStarted() => InFlight++;

    public void JobEnded() => InFlight = Math.Max(0, InFlight - 1);

    /// <summary>Takes tokens and quota for one message, or nothing when either is short.</summary>
    public bool TryTake(int cost)
    {
        Refill();
        RollDay();
        if (_tokens + Epsilon < cost || QuotaLeft < cost)
        {
            return false;
        }

        _tokens -= cost;
        SentToday += cost;
        return true;
    }

    /// <summary>Starts one job of one message if concurrency, tokens and quota allow (tests, benchmarks).</summary>
    public bool TryAcquire(int cost = 1)
    {
        if (!CanStartJob || !TryTake(cost))
        {
            return false;
        }

        JobStarted();
        return true;
    }

    /// <summary>Gives quota back for a message that was not sent (rate limit, configuration wait).</summary>
    public void Refund(int cost) => SentToday = Math.Max(0, SentToday - cost);

    /// <summary>How long until <paramref name="cost"/> could be taken (zero when it can now).</summary>
    public TimeSpan WaitFor(int cost)
    {
        Refill();
        RollDay();
        if (QuotaLeft < cost)
        {
            var now = _time.GetUtcNow();
            var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            return midnight - now;
        }

        var missing = cost - _tokens - Epsilon;
        if (missing <= 0)
        {
            return TimeSpan.Zero;
        }

        // Rounded up to whole ticks: waking a tick early would find the bucket still short.
        return _settings.PerSecond <= 0
            ? TimeSpan.FromHours(1)
            : TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(missing / _settings.PerSecond * TimeSpan.TicksPerSecond)));
    }

    private int QuotaLeft => _settings.DailyQuota is int quota ? quota - SentToday : int.MaxValue;

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now).TotalSeconds;
        _refilledAt = now;
        if (elapsed > 0 && _settings.PerSecond > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed * _settings.PerSecond));
        }
    }

    private void RollDay()
    {
        var today = Today();
        if (today != QuotaDay)
        {
            QuotaDay = today;
            SentToday = 0;
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
}
