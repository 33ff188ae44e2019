namespace OrleansNotify.Events;

/// <summary>A portal's email template in Handlebars: subject and text are plain, html is HTML-escaped.</summary>
[GenerateSerializer, Immutable]
public sealed record EventTemplate
{
    [Id(0)] public string? Subject { get; init; }
    [Id(1)] public string? Html { get; init; }
    [Id(2)] public string? Text { get; init; }
}

/// <summary>One stored version of a template; each PUT adds a version, the newest is used.</summary>
[GenerateSerializer, Immutable]
public sealed record TemplateVersion(
    [property: Id(0)] string TemplateId,
    [property: Id(1)] int Version,
    [property: Id(2)] EventTemplate Template,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>A template rendered for one event: what becomes the message's subject and content.</summary>
[GenerateSerializer, Immutable]
public sealed record RenderedEmail(
    [property: Id(0)] string? Subject,
    [property: Id(1)] string? Html,
    [property: Id(2)] string? Text);
