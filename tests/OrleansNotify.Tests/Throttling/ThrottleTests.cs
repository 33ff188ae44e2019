using Microsoft.Extensions.Time.Testing;
using OrleansNotify.Grains.Throttling;
using OrleansNotify.Portals;

namespace OrleansNotify.Tests.Throttling;

public class ThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, 1)]
    [InlineData(50, 5)]
    [InlineData(7, 7)]
    public void TryAcquire_ManySimulatedSeconds_NeverExceedsRatePlusBurstInAnyWindow(int perSecond, int burst)
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { PerSecond = perSecond, Burst = burst, MaxConcurrency = 1000 }, time);
        var sends = new List<TimeSpan>();
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromSeconds(60))
        {
            while (throttle.TryAcquire())
            {
                sends.Add(elapsed);
                throttle.JobEnded();
            }

            // Wake as the pump does: when the throttle says a token is due (never earlier).
            var wait = throttle.WaitFor(1);
            Assert.True(wait > TimeSpan.Zero);
            time.Advance(wait);
            elapsed += wait;
        }

        // Token bucket bound: any window of length W holds at most burst + rate * W sends.
        var window = TimeSpan.FromSeconds(1);
        for (int i = 0, j = 0; i < sends.Count; i++)
        {
            while (j < sends.Count && sends[j] - sends[i] < window)
            {
                j++;
            }

            Assert.True(j - i <= burst + perSecond, $"{j - i} sends within 1 s starting at {sends[i]}");
        }

        // And it does not starve: over 60 s the portal gets its rate.
        Assert.InRange(sends.Count, (perSecond * 60) - perSecond, burst + (perSecond * 60));
    }

    [Fact]
    public void TryAcquire_AfterQuietSpell_AllowsExactlyTheBurst()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { PerSecond = 10, Burst = 25, MaxConcurrency = 1000 }, time);
        time.Advance(TimeSpan.FromMinutes(5));

        var taken = 0;
        while (throttle.TryTake(1))
        {
            taken++;
        }

        Assert.Equal(25, taken);
        Assert.Equal(TimeSpan.FromMilliseconds(100), throttle.WaitFor(1));
    }

    [Fact]
    public void Constructor_NotStartFull_StartsWithOneSecondOfTokens()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { PerSecond = 5, Burst = 100 }, time, startFull: false);

        var taken = 0;
        while (throttle.TryTake(1))
        {
            taken++;
        }

        Assert.Equal(5, taken);
    }

    [Fact]
    public void Empty_PortalTakenOver_NothingUntilTokensAreEarnedAtTheRate()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { PerSecond = 10, Burst = 5 }, time, startFull: false);

        throttle.Empty();

        Assert.False(throttle.TryTake(1));
        Assert.Equal(TimeSpan.FromMilliseconds(100), throttle.WaitFor(1));
        time.Advance(TimeSpan.FromMilliseconds(300));
        var taken = 0;
        while (throttle.TryTake(1))
        {
            taken++;
        }

        Assert.Equal(3, taken);
    }

    [Fact]
    public void CanStartJob_AtConcurrencyCap_FalseUntilAJobEnds()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { PerSecond = 1000, Burst = 1000, MaxConcurrency = 3 }, time);

        Assert.True(throttle.TryAcquire());
        Assert.True(throttle.TryAcquire());
        Assert.True(throttle.TryAcquire());
        Assert.False(throttle.TryAcquire());
        Assert.Equal(3, throttle.InFlight);

        throttle.JobEnded();
        Assert.True(throttle.TryAcquire());
    }

    [Fact]
    public void TryTake_DailyQuotaUsed_RefusesUntilUtcMidnightThenResets()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 23, 59, 0, TimeSpan.Zero));
        var throttle = new Throttle(new ThrottleSettings { PerSecond = 1000, Burst = 1000, DailyQuota = 3 }, time);

        Assert.True(throttle.TryTake(2));
        Assert.True(throttle.TryTake(1));
        Assert.False(throttle.TryTake(1));
        Assert.Equal(TimeSpan.FromMinutes(1), throttle.WaitFor(1));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(throttle.TryTake(1));

        time.Advance(TimeSpan.FromSeconds(1)); // 00:00:00 UTC
        Assert.True(throttle.TryTake(1));
        Assert.Equal(new DateOnly(2026, 11, 25), throttle.QuotaDay);
        Assert.Equal(1, throttle.SentToday);
    }

    [Fact]
    public void TryTake_LocalOffsetClock_QuotaDayFollowsUtc()
    {
        // 23:30 at UTC+02:00 is 21:30 UTC: still the same UTC day an hour later.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.FromHours(2)));
        var throttle = new Throttle(new ThrottleSettings { DailyQuota = 1 }, time);
        Assert.True(throttle.TryTake(1));

        time.Advance(TimeSpan.FromHours(1));
        Assert.False(throttle.TryTake(1));
    }

    [Fact]
    public void RestoreQuota_SameUtcDay_ResumesCounter_OtherDay_Ignored()
    {
        var time = new FakeTimeProvider(Start);
        var resumed = new Throttle(new ThrottleSettings { DailyQuota = 10 }, time);
        resumed.RestoreQuota(DateOnly.FromDateTime(Start.UtcDateTime), 9);
        Assert.True(resumed.TryTake(1));
        Assert.False(resumed.TryTake(1));

        var stale = new Throttle(new ThrottleSettings { DailyQuota = 10 }, time);
        stale.RestoreQuota(DateOnly.FromDateTime(Start.UtcDateTime).AddDays(-1), 10);
        Assert.Equal(0, stale.SentToday);
        Assert.True(stale.TryTake(1));
    }

    [Fact]
    public void Refund_MessageNotSent_GivesQuotaBack()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { DailyQuota = 1 }, time);
        Assert.True(throttle.TryTake(1));
        throttle.Refund(1);

        Assert.Equal(0, throttle.SentToday);
        Assert.True(throttle.TryTake(1));
    }

    [Fact]
    public void CostOf_MoreRecipientsThanBurst_IsCappedSoTheMessageCanLeave()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { PerSecond = 10, Burst = 20, DailyQuota = 5 }, time);

        Assert.Equal(1, throttle.CostOf(0));
        Assert.Equal(4, throttle.CostOf(4));
        Assert.Equal(5, throttle.CostOf(500));
    }

    [Fact]
    public void Update_SmallerBurst_CapsTokensAtOnce()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new Throttle(new ThrottleSettings { PerSecond = 10, Burst = 100 }, time);
        throttle.Update(new ThrottleSettings { PerSecond = 10, Burst = 2 });

        Assert.True(throttle.TryTake(2));
        Assert.False(throttle.TryTake(1));
    }
}
