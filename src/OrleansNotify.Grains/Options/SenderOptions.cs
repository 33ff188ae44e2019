using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Options;

/// <summary>How the portal grain hands messages to senders.</summary>
public sealed class SenderOptions
{
    /// <summary>Messages per job for kinds not listed in <see cref="BatchSizes"/>. Default 1.</summary>
    public int DefaultBatch { get; set; } = 1;

    /// <summary>
    /// Messages per job by notifier kind. Default: <c>sendgrid</c> 500 (the SendGrid notifier groups
    /// compatible messages into calls of at most 1,000 personalizations itself); <c>smtp</c> and
    /// <c>sendgrid-smtp</c> 8 (the messages of a job share the portal's connection pool, so one is built
    /// while another is on the wire: 0.90x a bare MailKit loop on one connection against 0.63x for jobs of
    /// one, in the smtp benchmark). Outcomes stay per message.
    /// </summary>
    public Dictionary<string, int> BatchSizes { get; } = new(StringComparer.Ordinal)
    {
        [NotifierKinds.SendGrid] = 500,
        [NotifierKinds.Smtp] = 8,
        [NotifierKinds.SendGridSmtp] = 8,
    };

    /// <summary>How long the portal waits for a sender's answer before it counts the job as transient. Default 2 minutes.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxBatch(string kind) => Math.Max(1, BatchSizes.TryGetValue(kind, out var size) ? size : DefaultBatch);
}
