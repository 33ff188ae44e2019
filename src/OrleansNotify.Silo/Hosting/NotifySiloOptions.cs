namespace OrleansNotify.Silo.Hosting;

/// <summary>How the silo runs, bound from the <c>Notify</c> configuration section.</summary>
public sealed class NotifySiloOptions
{
    public const string Section = "Notify";
    public const string EmbeddedMode = "embedded";

    /// <summary>
    /// <c>embedded</c> (default): one process, localhost clustering, everything in memory. Cluster mode
    /// (PostgreSQL providers) is the next seam; any other value stops start-up with a clear error.
    /// </summary>
    public string Mode { get; set; } = EmbeddedMode;

    /// <summary>Silo-to-silo port. Default 11111 (Orleans' default).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port, for front ends and .NET clients. Default 30000 (Orleans' default).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Where the HTTP API listens unless ASPNETCORE_URLS or --urls says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";
}
