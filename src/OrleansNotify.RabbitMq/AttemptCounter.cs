using System.Collections.Concurrent;

namespace OrleansNotify.RabbitMq;

/// <summary>
/// Counts transient failures per event across redeliveries and reconnections (classic queues keep no
/// delivery count), so an event that keeps failing is dead-lettered instead of redelivered forever.
/// </summary>
internal sealed class AttemptCounter(int maxAttempts)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>Records a failure; true when the event has had its last attempt.</summary>
    public bool Failed(string key)
    {
        if (_failures.Count > MaxTracked)
        {
            _failures.Clear(); // bounded memory; at worst an event gets a few more attempts
        }

        return _failures.AddOrUpdate(key, 1, (_, n) => n + 1) >= maxAttempts;
    }

    public int Count(string key) => _failures.GetValueOrDefault(key);

    public void Succeeded(string key) => _failures.TryRemove(key, out _);
}
