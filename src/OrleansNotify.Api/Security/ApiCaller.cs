namespace OrleansNotify.Api.Security;

public enum CallerKind
{
    /// <summary>No Authorization header, or not a Bearer token.</summary>
    Anonymous,
    /// <summary>A Bearer token that is neither the admin key nor a live portal key.</summary>
    Invalid,
    Admin,
    Portal,
}

/// <summary>Who is calling: the admin, a portal (by its key), or nobody we know.</summary>
public readonly record struct ApiCaller(CallerKind Kind, string? PortalId = null)
{
    public static ApiCaller Anonymous => new(CallerKind.Anonymous);
    public static ApiCaller Invalid => new(CallerKind.Invalid);
    public static ApiCaller Admin => new(CallerKind.Admin);

    public bool IsAuthenticated => Kind is CallerKind.Admin or CallerKind.Portal;

    /// <summary>The admin may act for every portal; a portal key only for its own.</summary>
    public bool MayAccess(string portalId) =>
        Kind == CallerKind.Admin || (Kind == CallerKind.Portal && string.Equals(PortalId, portalId, StringComparison.Ordinal));
}
