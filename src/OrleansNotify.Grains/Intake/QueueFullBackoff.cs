namespace OrleansNotify.Grains.Intake;

/// <summary>
/// Orleans' memory stream queues hold 16,384 events each and refuse more with an
/// <see cref="InvalidOperationException"/> ("Can not enqueue since the count has reached its maximum").
/// Every intake (messages, events, webhooks) backs off briefly on that refusal, then gives up so its
/// caller can answer 503 with Retry-After; it never drops what it was given.
/// </summary>
public static class QueueFullBackoff
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(250)];

    /// <summary>How long a refused caller is told to wait.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Publishes; true once published, false if the queue stayed full through every back-off.</summary>
    public static async Task<bool> TryPublishAsync(Func<Task> publish, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(publish);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await publish();
                return true;
            }
            catch (Exception ex) when (IsQueueFull(ex))
            {
                if (attempt >= Delays.Length)
                {
                    return false;
                }

                await Task.Delay(Delays[attempt], time);
            }
        }
    }

    /// <summary>The memory stream queue's "full" refusal, however the call wrapped it.</summary>
    public static bool IsQueueFull(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is InvalidOperationException && ex.Message.Contains("reached its maximum", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
