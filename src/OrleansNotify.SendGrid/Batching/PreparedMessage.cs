using OrleansNotify.Mail;

namespace OrleansNotify.SendGrid.Batching;

/// <summary>
/// One message of a job with its portal's defaults merged in, ready to join an API call. A message sent
/// on its own may carry the merged body as bytes instead (<see cref="RawMerge.RawMailMerge"/>); its
/// <see cref="Merged"/> is then empty, since nothing reads it.
/// </summary>
internal sealed record PreparedMessage(string MessageId, MailSendRequest Merged)
{
    /// <summary>A single message merged on its stored bytes.</summary>
    public static PreparedMessage Raw(string messageId, byte[] body, bool sandbox) =>
        new(messageId, Empty) { RawBody = body, RawSandbox = sandbox };

    private static readonly MailSendRequest Empty = new();

    public byte[]? RawBody { get; private init; }

    public bool RawSandbox { get; private init; }

    public int PersonalizationCount => Merged.Personalizations?.Count ?? 0;

    /// <summary>to + cc + bcc over all its personalizations: what SendGrid's 1,000-recipient limit counts.</summary>
    public int RecipientCount
    {
        get
        {
            var count = 0;
            foreach (var p in Merged.Personalizations ?? [])
            {
                count += (p.To?.Count ?? 0) + (p.Cc?.Count ?? 0) + (p.Bcc?.Count ?? 0);
            }

            return count;
        }
    }
}
