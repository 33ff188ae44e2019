using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using OrleansNotify.Streaming.PostgreSql.Queues;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>Writes stream batches as queue rows (coalesced INSERTs) and creates one receiver per queue.</summary>
internal sealed class PostgreSqlQueueAdapter(
    string name,
    PostgreSqlStreamOptions options,
    PostgreSqlQueueTable table,
    InsertBatcher batcher,
    IStreamQueueMapper mapper,
    Serializer<PostgreSqlBatchContainer> serializer,
    Func<QueueNotificationListener> listener,
    TimeProvider time,
    Microsoft.Extensions.Logging.ILoggerFactory loggers) : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    /// <summary>Completes after the COMMIT that holds the batch: accepted means durable.</summary>
    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("The PostgreSQL stream provider is not rewindable: publish without a sequence token.", nameof(token));
        }

        var container = new PostgreSqlBatchContainer(streamId, events.Cast<object>().ToList(), requestContext is { Count: > 0 } ? requestContext : null);
        var queue = (int)mapper.GetQueueForStream(streamId).GetNumericId();
        return batcher.EnqueueAsync(queue, serializer.SerializeToArray(container));
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
        => new PostgreSqlQueueAdapterReceiver(queueId, options, table, serializer, listener(), time,
            Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<PostgreSqlQueueAdapterReceiver>(loggers));
}
