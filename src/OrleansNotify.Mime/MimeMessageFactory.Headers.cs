using MimeKit;

namespace OrleansNotify.Mime;

public sealed partial class MimeMessageFactory
{
    // Headers the factory writes itself. SendGrid's validator rejects most of them at submission;
    // skipping them here keeps a stray one from replacing the Message-ID that carries our id.
    private static readonly HashSet<string> Managed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Message-ID", "Date", "MIME-Version", "From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Subject",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
    };

    /// <summary>The message's headers, then the personalization's: the personalization wins per name.</summary>
    private static void AddCustomHeaders(
        MimeMessage message, IReadOnlyDictionary<string, string>? own, IReadOnlyDictionary<string, string>? personal)
    {
        if (own is not null)
        {
            foreach (var (name, value) in own)
            {
                if (personal is null || !ContainsIgnoreCase(personal, name))
                {
                    AddHeader(message, name, value);
                }
            }
        }

        if (personal is not null)
        {
            foreach (var (name, value) in personal)
            {
                AddHeader(message, name, value);
            }
        }
    }

    private static void AddHeader(MimeMessage message, string name, string value)
    {
        if (Managed.Contains(name))
        {
            return;
        }

        RejectLineBreaks($"header {name}", value);
        message.Headers.Add(name, value);
    }

    private static bool ContainsIgnoreCase(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.ContainsKey(name))
        {
            return true;
        }

        foreach (var key in headers.Keys)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
