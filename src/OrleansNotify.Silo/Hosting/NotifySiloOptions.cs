namespace OrleansNotify.Silo.Hosting;

/// <summary>How the silo runs, bound from the <c>Notify</c> configuration section.</summary>
public sealed class NotifySiloOptions
{
    public const string Section = "Notify";
    public const string EmbeddedMode = "embedded";
    public const string ClusterMode = "cluster";

    /// <summary>
    /// <c>embedded</c> (default): one process, localhost clustering, everything in memory. <c>cluster</c>:
    /// several silos on one PostgreSQL (see <see cref="ClusterSettings"/>). Any other value stops start-up.
    /// </summary>
    public string Mode { get; set; } = EmbeddedMode;

    /// <summary>Silo-to-silo port. Default 11111 (Orleans' default).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port, for front ends and .NET clients. Default 30000 (Orleans' default).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Cluster mode: the address other silos and clients reach this one at. Default: Orleans' choice (the
    /// host's first non-loopback address); set 127.0.0.1 when every process runs on one machine.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Where the HTTP API listens unless ASPNETCORE_URLS or --urls says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";
}
