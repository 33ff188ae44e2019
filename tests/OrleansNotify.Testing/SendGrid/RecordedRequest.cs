using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.Testing.SendGrid;

/// <summary>One request the fake received, with the status it answered.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    int Status,
    string? MessageId)
{
    /// <summary>When it arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), for rates and latencies measured at the server.</summary>
    public long ReceivedAt { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body read with our own model (for field-by-field assertions).</summary>
    public MailSendRequest Mail() => JsonSerializer.Deserialize(Body, MailJsonContext.Default.MailSendRequest)
        ?? throw new InvalidOperationException("The request had no JSON body.");

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
