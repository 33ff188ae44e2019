using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using OrleansNotify.Notifiers;
using OrleansNotify.Smtp.Connections;

namespace OrleansNotify.Smtp.Outcomes;

/// <summary>How an SMTP failure ends for the message and for the connection that saw it.</summary>
public readonly record struct SmtpFailure(SendResult Result, string Detail, bool ConnectionBroken, bool ConnectionLost, TimeSpan? Wait);

/// <summary>Maps MailKit's exceptions to the outcomes the portal grain acts on.</summary>
public static class SmtpOutcomes
{
    public static SmtpFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case SmtpMessageTooLargeException tooLarge:
                return new(SendResult.Permanent, tooLarge.Message, false, false, null);
            case PlainTextAuthRefusedException plain:
                return new(SendResult.Misconfigured, plain.Message, true, false, null);
            case AuthenticationException auth:
                return new(SendResult.Misconfigured, "AUTH refused: " + auth.Message, true, false, null);
            case SslHandshakeException tls:
                return new(SendResult.Misconfigured, "TLS failed (certificate not trusted?): " + FirstLine(tls.Message), true, false, null);
            case SmtpCommandException command:
                return FromReply((int)command.StatusCode, command.Message, command.ErrorCode);
            case ServiceNotConnectedException or SmtpProtocolException or IOException or SocketException:
                return new(SendResult.Transient, "connection lost: " + FirstLine(exception.Message), true, true, null);
            case TimeoutException or OperationCanceledException:
                return new(SendResult.Transient, "timed out: " + FirstLine(exception.Message), true, false, null);
            case NotSupportedException notSupported:
                // e.g. STARTTLS required but not offered: a setting to fix, not a message to retry.
                return new(SendResult.Misconfigured, FirstLine(notSupported.Message), true, false, null);
            default:
                return new(SendResult.Transient, exception.GetType().Name + ": " + FirstLine(exception.Message), true, false, null);
        }
    }

    /// <summary>421 closes the session; other 4xx are transient, 5xx permanent.</summary>
    public static SmtpFailure FromReply(int code, string text, SmtpErrorCode error = SmtpErrorCode.MessageNotAccepted)
    {
        var detail = $"{code} {FirstLine(text)}";
        if (error == SmtpErrorCode.SenderNotAccepted && code >= 500)
        {
            detail = "sender refused: " + detail;
        }

        return code switch
        {
            421 => new(SendResult.Transient, detail, true, true, SmtpReplies.RequestedWait(text)),
            530 or 535 or 538 => new(SendResult.Misconfigured, detail, false, false, null),
            >= 400 and < 500 => new(SendResult.Transient, detail, false, false, SmtpReplies.RequestedWait(text)),
            >= 500 => new(SendResult.Permanent, detail, false, false, null),
            _ => new(SendResult.Transient, "unexpected reply " + detail, true, false, null),
        };
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        var line = end < 0 ? text : text[..end];
        return line.Length > 300 ? line[..300] : line;
    }
}
