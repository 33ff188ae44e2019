using Orleans;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>
/// The events of one <c>QueueMessageBatchAsync</c> call: one queue row, serialized with Orleans' serializer.
/// Its sequence token is the row's message id (a bigserial), so tokens follow the queue order.
/// </summary>
[GenerateSerializer]
[Alias("OrleansNotify.Streaming.PostgreSql.PostgreSqlBatchContainer")]
public sealed class PostgreSqlBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext) : IBatchContainer
{
    [Id(0)] public StreamId StreamId { get; } = streamId;

    [Id(1)] public List<object> Events { get; } = events;

    [Id(2)] public Dictionary<string, object>? RequestContext { get; } = requestContext;

    /// <summary>Set when the row is claimed (the id exists only after INSERT); what is stored is a placeholder.</summary>
    [Id(3)] public EventSequenceTokenV2 Token { get; internal set; } = new(0);

    /// <summary>The queue row this container came from.</summary>
    public long MessageId => Token.SequenceNumber;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
        => Events.Select((e, i) => (e, i))
            .Where(x => x.e is T)
            .Select(x => Tuple.Create((T)x.e, (StreamSequenceToken)Token.CreateSequenceTokenForEvent(x.i)));

    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }

        RequestContextExtensions.Import(RequestContext);
        return true;
    }

    public override string ToString() => $"PostgreSqlBatchContainer({StreamId}, {Events.Count} events, #{MessageId})";
}
