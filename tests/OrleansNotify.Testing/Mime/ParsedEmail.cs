using System.Text.Json.Serialization;

namespace OrleansNotify.Testing.Mime;

/// <summary>An .eml file as Python's <c>email</c> package read it (see <c>mime_describe.py</c>).</summary>
public sealed record ParsedEmail(
    [property: JsonPropertyName("headers")] IReadOnlyList<IReadOnlyList<string>> Headers,
    [property: JsonPropertyName("addresses")] IReadOnlyDictionary<string, IReadOnlyList<ParsedAddress>> Addresses,
    [property: JsonPropertyName("parts")] IReadOnlyList<ParsedPart> Parts,
    [property: JsonPropertyName("max_line_length")] int MaxLineLength,
    [property: JsonPropertyName("bare_lf")] bool BareLf)
{
    /// <summary>Every value of the header, decoded (RFC 2047), in file order.</summary>
    public IReadOnlyList<string> All(string name) =>
        Headers.Where(h => h[0].Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h[1]).ToArray();

    /// <summary>The single value of the header; fails the test when it is missing or repeated.</summary>
    public string Header(string name) => Assert.Single(All(name));

    public IReadOnlyList<ParsedAddress> AddressesOf(string header) =>
        Addresses.TryGetValue(header.ToLowerInvariant(), out var found) ? found : [];

    /// <summary>The non-multipart parts, in tree order.</summary>
    public IReadOnlyList<ParsedPart> Leaves => Parts.Where(p => !p.Multipart).ToArray();

    /// <summary>The content types of the whole tree in walk order, e.g. "multipart/alternative text/plain text/html".</summary>
    public string Shape => string.Join(' ', Parts.Select(p => p.ContentType));
}

public sealed record ParsedAddress(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email);

public sealed record ParsedPart(
    [property: JsonPropertyName("content_type")] string ContentType,
    [property: JsonPropertyName("params")] IReadOnlyDictionary<string, string> Params,
    [property: JsonPropertyName("charset")] string? Charset,
    [property: JsonPropertyName("disposition")] string? Disposition,
    [property: JsonPropertyName("filename")] string? Filename,
    [property: JsonPropertyName("content_id")] string? ContentId,
    [property: JsonPropertyName("transfer_encoding")] string? TransferEncoding,
    [property: JsonPropertyName("multipart")] bool Multipart,
    [property: JsonPropertyName("defects")] IReadOnlyList<string> Defects,
    [property: JsonPropertyName("length")] long? Length,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("text")] string? Text)
{
    /// <summary>The decoded text with line ends normalised to LF (transport turns LF into CRLF).</summary>
    public string? NormalizedText => Text?.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// <see cref="NormalizedText"/> without the one line end a writer may add at the end of a part
    /// (MimeKit ends a top-level part with a new line; inside a multipart the boundary owns it).
    /// </summary>
    public string? Body => NormalizedText is { } text && text.EndsWith('\n') ? text[..^1] : NormalizedText;
}
