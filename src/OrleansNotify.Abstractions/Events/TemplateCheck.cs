namespace OrleansNotify.Events;

/// <summary>A template compile error: which part (subject, html, text), its line and what is wrong.</summary>
[GenerateSerializer, Immutable]
public sealed record TemplateError(
    [property: Id(0)] string Field,
    [property: Id(1)] int? Line,
    [property: Id(2)] string Message);

/// <summary>Compiles and renders templates; implemented with Handlebars.Net in OrleansNotify.Templates.</summary>
public interface ITemplateRenderer
{
    /// <summary>Compile errors of each part, empty when the template is fine.</summary>
    IReadOnlyList<TemplateError> Check(EventTemplate template);

    /// <summary>
    /// Renders <paramref name="template"/> with the JSON <paramref name="model"/>. <paramref name="cacheKey"/>
    /// identifies an immutable template (portal, id, version) so it is compiled once.
    /// </summary>
    RenderedEmail Render(string? cacheKey, EventTemplate template, string model);
}
