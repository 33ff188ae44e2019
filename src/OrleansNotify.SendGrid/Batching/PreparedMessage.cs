using OrleansNotify.Mail;

namespace OrleansNotify.SendGrid.Batching;

/// <summary>One message of a job with its portal's defaults merged in, ready to join an API call.</summary>
internal sealed record PreparedMessage(string MessageId, MailSendRequest Merged)
{
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
