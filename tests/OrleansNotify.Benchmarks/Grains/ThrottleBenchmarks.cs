using BenchmarkDotNet.Attributes;
using OrleansNotify.Grains.Queueing;
using OrleansNotify.Grains.Throttling;
using OrleansNotify.Portals;

namespace OrleansNotify.Benchmarks.Grains;

/// <summary>
/// The portal pump's per-message decisions: take a token (allowed or refused), compute the wait, and
/// move a message through the priority queue. Run: dotnet run -c Release -- --filter '*ThrottleBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ThrottleBenchmarks
{
    private readonly SteppingTime _time = new();
    private Throttle _open = null!;
    private Throttle _empty = null!;
    private PortalQueue _queue = null!;
    private QueuedMessage[] _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        _open = new Throttle(new ThrottleSettings { PerSecond = 1e9, Burst = int.MaxValue, MaxConcurrency = int.MaxValue }, _time);
        _empty = new Throttle(new ThrottleSettings { PerSecond = 1, Burst = 1, DailyQuota = 1_000_000 }, _time);
        _empty.TryTake(1);
        _queue = new PortalQueue();
        _messages = Enumerable.Range(0, 1024).Select(i => new QueuedMessage
        {
            MessageId = "m" + i,
            Importance = (DeliveryImportance)(i % 3),
            Body = [],
        }).ToArray();
    }

    /// <summary>An allowed send: refill, quota check, take a token, start and end a job.</summary>
    [Benchmark]
    public bool TryAcquire_Allowed()
    {
        _time.Step();
        var ok = _open.TryAcquire();
        _open.JobEnded();
        return ok;
    }

    /// <summary>A refused send and the wake-up time the pump computes from it.</summary>
    [Benchmark]
    public TimeSpan TryTake_Refused_ThenWaitFor()
    {
        _time.Step();
        return _empty.TryTake(1) ? TimeSpan.Zero : _empty.WaitFor(1);
    }

    /// <summary>1,024 messages of mixed importance in, then out highest lane first (per message: divide by 1,024).</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public int Queue_AddThenTakeReady_1024()
    {
        var now = _time.GetUtcNow();
        foreach (var message in _messages)
        {
            _queue.Add(message, now);
        }

        var taken = 0;
        while (_queue.TakeReady() is { } message)
        {
            _queue.Complete(message);
            taken++;
        }

        return taken;
    }

    /// <summary>A clock that moves one microsecond per step, so refills do real arithmetic without sleeping.</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public void Step() => _ticks += 10;

        public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
