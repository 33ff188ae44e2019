namespace OrleansNotify.Messages;

/// <summary>One thing that happened to a message: <c>accepted</c>, <c>sending</c>, <c>sent</c>, <c>retry</c>, ...</summary>
[GenerateSerializer, Immutable]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Event,
    [property: Id(2)] string? Detail = null);
