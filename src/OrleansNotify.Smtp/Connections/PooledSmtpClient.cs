using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using OrleansNotify.Notifiers;

namespace OrleansNotify.Smtp.Connections;

/// <summary>
/// MailKit's client with the two behaviours a notifier needs: a refused recipient is recorded instead
/// of aborting the message, and a message larger than the server's advertised SIZE fails before DATA.
/// </summary>
public sealed class PooledSmtpClient : SmtpClient
{
    private readonly List<RecipientFailure> refused = [];

    public PooledSmtpClient()
    {
    }

    /// <summary>With a protocol logger: verification records each step through it.</summary>
    public PooledSmtpClient(IProtocolLogger logger)
        : base(logger)
    {
    }

    /// <summary>Messages sent on this connection (it is replaced after a configured number).</summary>
    public int MessagesSent { get; set; }

    /// <summary>The pool's clock reading when the client was last returned.</summary>
    public long LastUsedTimestamp { get; set; }

    /// <summary>Recipients refused during the last send.</summary>
    public IReadOnlyList<RecipientFailure> Refused => refused;

    public void ClearRefused() => refused.Clear();

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(response);
        var code = (int)response.StatusCode;
        if (code == 421)
        {
            // Not about this recipient: the server is closing the session.
            base.OnRecipientNotAccepted(message, mailbox, response);
        }

        refused.Add(new RecipientFailure(mailbox.Address, $"{code} {response.Response}", Permanent: code >= 500));
    }

    // MailKit measures only when SIZE is advertised (or for BDAT), before MAIL FROM: check there.
    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        CheckSize(base.GetSize(options, message, cancellationToken));

    protected override async Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        CheckSize(await base.GetSizeAsync(options, message, cancellationToken).ConfigureAwait(false));

    private long CheckSize(long size)
    {
        if ((Capabilities & SmtpCapabilities.Size) != 0 && MaxSize > 0 && (ulong)size > MaxSize)
        {
            throw new SmtpMessageTooLargeException(size, MaxSize);
        }

        return size;
    }
}

/// <summary>The message is larger than the server's advertised SIZE limit: it will never be accepted.</summary>
public sealed class SmtpMessageTooLargeException(long size, uint limit)
    : Exception($"message is {size:N0} bytes, the server accepts at most {limit:N0} (SIZE)")
{
    public long Size { get; } = size;
    public uint Limit { get; } = limit;
}
