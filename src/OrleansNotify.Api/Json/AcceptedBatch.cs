namespace OrleansNotify.Api.Json;

/// <summary>202 of <c>POST /v1/portals/{portalId}/messages/batch</c>: one entry per item, in request order.</summary>
public sealed record AcceptedBatch(IReadOnlyList<AcceptedMessage> Messages);
