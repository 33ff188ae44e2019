namespace OrleansNotify.RabbitMq;

/// <summary>RabbitMQ ingress settings, bound from <c>Notify:RabbitMq</c>. Off unless <see cref="Enabled"/>.</summary>
public sealed class RabbitMqIngressOptions
{
    public const string Section = "Notify:RabbitMq";

    /// <summary>Consume events at all. Default false: the zero-config silo needs no broker.</summary>
    public bool Enabled { get; set; }

    /// <summary>The broker, e.g. <c>amqp://user:pass@host:5672/vhost</c>. Default the local guest account. Never logged.</summary>
    public Uri Uri { get; set; } = new("amqp://guest:guest@localhost:5672/");

    /// <summary>The queue of events. Default <c>notify-events</c>; declared durable with a dead-letter exchange if missing.</summary>
    public string Queue { get; set; } = "notify-events";

    /// <summary>Where malformed events go (fanout). Default <c>{Queue}.dlx</c>.</summary>
    public string? DeadLetterExchange { get; set; }

    /// <summary>The queue bound to the dead-letter exchange, so dead letters are kept. Default <c>{Queue}.dead</c>.</summary>
    public string? DeadLetterQueue { get; set; }

    /// <summary>
    /// Unacknowledged deliveries the broker may push ahead. Default 1,000: enough to fill several batches
    /// while one is processed (throughput), small enough that a crash redelivers little.
    /// </summary>
    public ushort Prefetch { get; set; } = 1000;

    /// <summary>Events handed to the event grains in one call. Default 200.</summary>
    public int MaxBatch { get; set; } = 200;

    /// <summary>Batches processed at once. Default 4.</summary>
    public int MaxBatchesInFlight { get; set; } = 4;

    /// <summary>Attempts of an event that keeps failing for a transient reason before it is dead-lettered. Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First wait before reconnecting; doubles per failure. Default 0.5 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between reconnection attempts. Default 15 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(15);

    public string DeadLetterExchangeName => DeadLetterExchange ?? Queue + ".dlx";

    public string DeadLetterQueueName => DeadLetterQueue ?? Queue + ".dead";
}
