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
        if (messages is [{ RawBody: { } raw } only])
        {
            _raw = raw;
            IsSandbox = only.RawSandbox;
            return;
        }

        _request = messages.Count == 1
            ? messages[0].Merged
            : messages[0].Merged with { Personalizations = messages.SelectMany(m => m.Merged.Personalizations ?? []).ToArray() };
        IsSandbox = _request.IsSandbox();
    }

    private readonly MailSendRequest? _request;
    private readonly byte[]? _raw;

    public IReadOnlyList<PreparedMessage> Messages { get; }

    public bool IsSandbox { get; }

    /// <summary>The request body: merged on the stored bytes for a single message, else serialised from the model.</summary>
    public byte[] ToUtf8Json() => _raw ?? JsonSerializer.SerializeToUtf8Bytes(_request!, WireJson.Context.MailSendRequest);

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
