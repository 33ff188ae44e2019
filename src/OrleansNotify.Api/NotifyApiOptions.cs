namespace OrleansNotify.Api;

/// <summary>Settings of the HTTP API, bound from the <c>Notify</c> configuration section.</summary>
public sealed class NotifyApiOptions
{
    public const string Section = "Notify";

    /// <summary>
    /// The admin key (<c>Notify:AdminKey</c>, env <c>Notify__AdminKey</c>) that guards /v1/portals.
    /// No default: without one every admin request is refused (the silo generates one in zero-config mode).
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// How long a verified portal key is trusted without asking its portal grain again. Default 30 s:
    /// the accept path then costs no key check per message; a deleted portal answers 404 at once anyway.
    /// </summary>
    public TimeSpan PortalKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Body limit of mail/send and message submissions. Default 31 MiB (SendGrid allows 30 MB messages).</summary>
    public long MailBodyLimit { get; set; } = 31 * 1024 * 1024;

    /// <summary>
    /// Concurrent single-message submissions of one portal share one intake call and stream batch
    /// (each reply still waits for its own batch to be on the stream). Default true; false publishes
    /// every message on its own (the benchmark compares both).
    /// </summary>
    public bool CoalesceSubmissions { get; set; } = true;

    /// <summary>Body limit of every other endpoint. Default 1 MiB.</summary>
    public long DefaultBodyLimit { get; set; } = 1024 * 1024;
}
