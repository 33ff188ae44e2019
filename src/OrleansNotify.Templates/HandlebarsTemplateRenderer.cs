using System.Collections.Concurrent;
using HandlebarsDotNet;
using OrleansNotify.Events;

namespace OrleansNotify.Templates;

/// <summary>
/// Handlebars.Net behind <see cref="ITemplateRenderer"/>. The html part is HTML-escaped (<c>{{x}}</c>;
/// <c>{{{x}}}</c> opts out, as in SendGrid); subject and text are plain text, so they are not. Missing
/// fields render as empty, as in SendGrid. Compiled templates are cached by (portal, id, version),
/// which never changes meaning because each PUT makes a new version.
/// </summary>
public sealed class HandlebarsTemplateRenderer : ITemplateRenderer
{
    /// <summary>Compiled templates kept; past this the cache starts over (rare: templates are few).</summary>
    public const int MaxCached = 10_000;

    private readonly IHandlebars _html = Handlebars.Create(new HandlebarsConfiguration());
    private readonly IHandlebars _plain = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private readonly ConcurrentDictionary<string, CompiledTemplate> _cache = new(StringComparer.Ordinal);

    public IReadOnlyList<TemplateError> Check(EventTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new List<TemplateError>();
        TryCompile(_plain, "subject", template.Subject, errors);
        TryCompile(_html, "html", template.Html, errors);
        TryCompile(_plain, "text", template.Text, errors);
        return errors;
    }

    public RenderedEmail Render(string? cacheKey, EventTemplate template, string model)
    {
        ArgumentNullException.ThrowIfNull(template);
        var compiled = cacheKey is null ? Compile(template) : GetOrCompile(cacheKey, template);
        var data = JsonModel.From(model);
        return new RenderedEmail(
            compiled.Subject?.Invoke(data)?.Trim(),
            compiled.Html?.Invoke(data),
            compiled.Text?.Invoke(data));
    }

    private CompiledTemplate GetOrCompile(string cacheKey, EventTemplate template)
    {
        if (_cache.TryGetValue(cacheKey, out var compiled))
        {
            return compiled;
        }

        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        return _cache.GetOrAdd(cacheKey, _ => Compile(template));
    }

    private CompiledTemplate Compile(EventTemplate template) => new(
        template.Subject is null ? null : _plain.Compile(template.Subject),
        template.Html is null ? null : _html.Compile(template.Html),
        template.Text is null ? null : _plain.Compile(template.Text));

    private static void TryCompile(IHandlebars handlebars, string field, string? source, List<TemplateError> errors)
    {
        if (source is null)
        {
            return;
        }

        try
        {
            handlebars.Compile(source);
        }
        catch (HandlebarsException e)
        {
            errors.Add(new TemplateError(field, TemplateErrorLines.Find(e, source), e.Message));
        }
    }

    private sealed record CompiledTemplate(
        HandlebarsTemplate<object, object>? Subject,
        HandlebarsTemplate<object, object>? Html,
        HandlebarsTemplate<object, object>? Text);
}
