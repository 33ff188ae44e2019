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
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body read with our own model (for field-by-field assertions).</summary>
    public MailSendRequest Mail() => JsonSerializer.Deserialize(Body, MailJsonContext.Default.MailSendRequest)
        ?? throw new InvalidOperationException("The request had no JSON body.");

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
