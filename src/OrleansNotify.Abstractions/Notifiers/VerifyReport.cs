namespace OrleansNotify.Notifiers;

/// <summary>What <c>POST /v1/portals/{portalId}/verify</c> returns: every check with its verdict.</summary>
[GenerateSerializer, Immutable]
public sealed record VerifyReport
{
    [Id(0)] public required IReadOnlyList<VerifyCheck> Checks { get; init; }
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>One check, e.g. <c>api-key</c>, <c>scope:mail.send</c>, <c>ip-pool</c>, <c>starttls</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record VerifyCheck(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Passed,
    [property: Id(2)] string Message,
    [property: Id(3)] double? ElapsedMs = null);
