using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansNotify.Testing.Smtp;

/// <summary>An email as an independent parser read it (npm mailparser or Python's email package).</summary>
public sealed record ParsedMail
{
    [JsonPropertyName("subject")] public string? Subject { get; init; }
    [JsonPropertyName("from")] public IReadOnlyList<string> From { get; init; } = [];
    [JsonPropertyName("to")] public IReadOnlyList<string> To { get; init; } = [];
    [JsonPropertyName("cc")] public IReadOnlyList<string> Cc { get; init; } = [];
    [JsonPropertyName("bcc")] public IReadOnlyList<string> Bcc { get; init; } = [];
    [JsonPropertyName("messageId")] public string? MessageId { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("html")] public string? Html { get; init; }
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>The X-SMTPAPI header line as the parser kept it (may still be folded).</summary>
    [JsonPropertyName("smtpapi")] public string? SmtpApi { get; init; }
    [JsonPropertyName("attachments")] public IReadOnlyList<ParsedAttachment> Attachments { get; init; } = [];

    /// <summary>The X-SMTPAPI JSON, unfolded (line breaks removed, as RFC 5322 says).</summary>
    public string? SmtpApiJson => SmtpApi is null ? null
        : SmtpApi.Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal)
            [(SmtpApi.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
}

public sealed record ParsedAttachment
{
    [JsonPropertyName("filename")] public string? FileName { get; init; }
    [JsonPropertyName("contentType")] public string? ContentType { get; init; }
    [JsonPropertyName("contentId")] public string? ContentId { get; init; }
    [JsonPropertyName("base64")] public string? Base64 { get; init; }
}

public static class MimeParsers
{
    public static Task<ParsedMail> MailparserAsync(string emlPath)
    {
        var start = new ProcessStartInfo(Peers.Node, [Peers.Script("parse-mail.js"), emlPath]);
        start.Environment["NODE_PATH"] = Peers.NodeModules;
        return RunAsync(start);
    }

    public static Task<ParsedMail> PythonEmailAsync(string emlPath) =>
        RunAsync(new ProcessStartInfo(Peers.Python, [Peers.Script("parse-mail.py"), emlPath]));

    private static async Task<ParsedMail> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("parser did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"parser failed: {await stderr}");
        }

        return JsonSerializer.Deserialize<ParsedMail>(await stdout) ?? throw new InvalidOperationException("parser printed nothing");
    }
}
