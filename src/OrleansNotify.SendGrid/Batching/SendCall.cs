using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.SendGrid.Batching;

/// <summary>
/// One <c>POST /v3/mail/send</c>: one message as it is, or several messages that share everything but
/// their personalizations, concatenated in order. Each personalization keeps its own custom_args.
/// </summary>
internal sealed class SendCall
{
    public SendCall(IReadOnlyList<PreparedMessage> messages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(messages.Count);
        Messages = messages;
        Request = messages.Count == 1
            ? messages[0].Merged
            : messages[0].Merged with { Personalizations = messages.SelectMany(m => m.Merged.Personalizations ?? []).ToArray() };
    }

    public IReadOnlyList<PreparedMessage> Messages { get; }

    public MailSendRequest Request { get; }

    public bool IsSandbox => Request.IsSandbox();

    public string ToJson() => JsonSerializer.Serialize(Request, WireJson.Context.MailSendRequest);

    /// <summary>The message that contributed personalization <paramref name="index"/> of this call.</summary>
    public PreparedMessage? OwnerOf(int index)
    {
        if (index < 0)
        {
            return null;
        }

        foreach (var message in Messages)
        {
            if (index < message.PersonalizationCount)
            {
                return message;
            }

            index -= message.PersonalizationCount;
        }

        return null;
    }
}
