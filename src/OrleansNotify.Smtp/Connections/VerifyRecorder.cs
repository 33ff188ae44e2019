using System.Text;
using MailKit;

namespace OrleansNotify.Smtp.Connections;

/// <summary>
/// A MailKit protocol logger that turns the session into steps: the greeting, then each command verb
/// with the server's reply and the round trip. It keeps only the verb the client sent, never its
/// arguments, so AUTH secrets are never held.
/// </summary>
public sealed class VerifyRecorder(TimeProvider time) : IProtocolLogger
{
    private readonly List<Step> steps = [];
    private readonly StringBuilder reply = new();
    private string? verb = "greeting";
    private bool inAuth;
    private long started;

    public sealed record Step(string Verb, string Reply, double ElapsedMs);

    private int taken;

    public IReadOnlyList<Step> Steps => steps;

    /// <summary>The steps completed since the last call.</summary>
    public IReadOnlyList<Step> TakeNew()
    {
        var fresh = steps.Skip(taken).ToArray();
        taken = steps.Count;
        return fresh;
    }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void LogConnect(Uri uri) => started = time.GetTimestamp();

    public void LogClient(byte[] buffer, int offset, int count)
    {
        if (inAuth)
        {
            return; // SASL responses belong to the AUTH step already open
        }

        var text = Encoding.ASCII.GetString(buffer, offset, Math.Min(count, 16));
        var end = text.IndexOfAny([' ', '\r', '\n']);
        verb = (end < 0 ? text : text[..end]).ToUpperInvariant();
        inAuth = verb == "AUTH";
        if (inAuth)
        {
            // The mechanism names the step (AUTH PLAIN, AUTH LOGIN); what follows it is secret.
            var words = Encoding.ASCII.GetString(buffer, offset, Math.Min(count, 40)).Split([' ', '\r', '\n'], 3);
            verb = words.Length > 1 ? "AUTH " + words[1].ToUpperInvariant() : verb;
        }
        reply.Clear();
        started = time.GetTimestamp();
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        reply.Append(Encoding.ASCII.GetString(buffer, offset, count));
        var text = reply.ToString();
        var lastLineStart = text.TrimEnd('\r', '\n').LastIndexOf('\n') + 1;
        var last = text[lastLineStart..];
        // A reply ends with a line whose fourth character is a space: "250 OK", not "250-SIZE".
        if (!text.EndsWith('\n') || last.Length < 4 || last[3] != ' ')
        {
            return;
        }

        reply.Clear();
        if (inAuth && last.StartsWith("334", StringComparison.Ordinal))
        {
            return; // a SASL challenge: AUTH ends with its 235 or 5xx
        }

        steps.Add(new Step(verb ?? "?", text.TrimEnd('\r', '\n'), time.GetElapsedTime(started).TotalMilliseconds));
        inAuth = false;
        verb = null;
    }

    public void Dispose()
    {
    }
}
