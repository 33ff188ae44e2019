namespace OrleansNotify.Streaming.PostgreSql.Queues;

/// <summary>A row to enqueue: the queue it belongs to and the serialized batch container.</summary>
public readonly record struct QueueRow(int QueueId, byte[] Payload);

/// <summary>A claimed row: invisible to other receivers until deleted, released or timed out.</summary>
public sealed record ClaimedRow(long MessageId, int QueueId, int DequeueCount, byte[] Payload);

/// <summary>Who pulls a queue (one receiver instance) and how long its lease lasts without renewal.</summary>
public sealed record QueueLease(string Owner, TimeSpan Duration);
