using OrleansNotify.Events;
using RabbitMQ.Client;

namespace OrleansNotify.RabbitMq;

/// <summary>A delivery waiting for its event's messages to be accepted: its tag, the event, and the original bytes for a dead letter.</summary>
internal sealed record Delivery(ulong Tag, NotifyEvent Event, byte[] Body, IReadOnlyBasicProperties Properties);
