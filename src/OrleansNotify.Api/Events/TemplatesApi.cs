using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansNotify.Api.Http;
using OrleansNotify.Api.Security;
using OrleansNotify.Events;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Events;

/// <summary>
/// A portal's Handlebars templates <c>{subject, html, text}</c>: each PUT stores a new version (compile
/// errors are a 400 naming the part and line), GET reads the newest or <c>?version=</c>, preview renders.
/// </summary>
public static class TemplatesApi
{
    /// <summary>Largest template part, in characters.</summary>
    public const int MaxPartLength = 256 * 1024;

    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/v1/portals/{portalId}/templates").WithTags("Events").RequirePortalAccess()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        templates.MapPut("/{templateId}", PutTemplate).WithName("PutTemplate")
            .WithSummary("Stores a new version of a Handlebars template { subject, html, text }.")
            .Accepts<EventTemplate>("application/json");
        templates.MapGet("/{templateId}", GetTemplate).WithName("GetTemplate")
            .WithSummary("Reads the newest version of a template, or ?version=N.");
        templates.MapPost("/{templateId}/preview", Preview).WithName("PreviewTemplate")
            .WithSummary("Renders the newest version with the sample data in the body (a JSON object, as an event's data).");
        return app;
    }

    public static bool IsValidTemplateId(string? id) => PortalConfigValidator.IsValidPortalId(id);

    public static async Task<Results<JsonHttpResult<TemplateSaved>, JsonHttpResult<SendGridErrorResponse>>> PutTemplate(
        string portalId, string templateId, HttpRequest request, [FromServices] IGrainFactory grains,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        if (Check(portalId, templateId) is { } invalid)
        {
            return invalid;
        }

        var (template, bodyError) = await RequestBody.ReadJsonAsync(
            request, options.Value.DefaultBodyLimit, EventsApiJsonContext.Default.EventTemplate, cancellationToken);
        if (template is null)
        {
            return bodyError!;
        }

        var errors = new List<SendGridError>();
        if (string.IsNullOrWhiteSpace(template.Subject))
        {
            errors.Add(new SendGridError { Field = "subject", Message = "subject is required." });
        }

        if (string.IsNullOrEmpty(template.Html) && string.IsNullOrEmpty(template.Text))
        {
            errors.Add(new SendGridError { Field = "html", Message = "A template needs html, text or both." });
        }

        foreach (var (field, value) in new[] { ("subject", template.Subject), ("html", template.Html), ("text", template.Text) })
        {
            if (value?.Length > MaxPartLength)
            {
                errors.Add(new SendGridError { Field = field, Message = $"{field} is longer than {MaxPartLength} characters." });
            }
        }

        if (errors.Count > 0)
        {
            return ApiErrors.Of(StatusCodes.Status400BadRequest, errors);
        }

        if (await grains.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync() is null)
        {
            return ApiErrors.PortalNotFound(portalId);
        }

        var result = await grains.GetGrain<IPortalEventsGrain>(portalId).PutTemplateAsync(templateId, template);
        if (result.Errors.Count > 0)
        {
            return ApiErrors.Of(StatusCodes.Status400BadRequest, result.Errors.Select(e => new SendGridError
            {
                Field = e.Field,
                Message = e.Line is int line ? $"Template error on line {line} of {e.Field}: {e.Message}" : $"Template error in {e.Field}: {e.Message}",
            }).ToArray());
        }

        return TypedResults.Json(new TemplateSaved(templateId, result.Version), EventsApiJsonContext.Default.TemplateSaved,
            statusCode: result.Version == 1 ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<Results<JsonHttpResult<TemplateView>, JsonHttpResult<SendGridErrorResponse>>> GetTemplate(
        string portalId, string templateId, [FromServices] IGrainFactory grains, int? version = null)
    {
        if (Check(portalId, templateId) is { } invalid)
        {
            return invalid;
        }

        var found = await grains.GetGrain<IPortalEventsGrain>(portalId).GetTemplateAsync(templateId, version);
        return found is null
            ? NotFound(templateId)
            : TypedResults.Json(new TemplateView(found.TemplateId, found.Version, found.Template.Subject, found.Template.Html, found.Template.Text, found.CreatedAt),
                EventsApiJsonContext.Default.TemplateView);
    }

    public static async Task<Results<JsonHttpResult<RenderedEmail>, JsonHttpResult<SendGridErrorResponse>>> Preview(
        string portalId, string templateId, HttpRequest request, [FromServices] IGrainFactory grains,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        if (Check(portalId, templateId) is { } invalid)
        {
            return invalid;
        }

        var (body, readError) = await RequestBody.ReadAsync(request, options.Value.DefaultBodyLimit, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        string data;
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiErrors.BadRequest("The sample data must be a JSON object.", "data");
            }

            data = document.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("The sample data is not valid JSON.", "data");
        }

        var rendered = await grains.GetGrain<IPortalEventsGrain>(portalId).PreviewAsync(templateId, data);
        return rendered is null ? NotFound(templateId) : TypedResults.Json(rendered, EventsApiJsonContext.Default.RenderedEmail);
    }

    private static JsonHttpResult<SendGridErrorResponse>? Check(string portalId, string templateId) =>
        !PortalConfigValidator.IsValidPortalId(portalId) ? ApiErrors.InvalidPortalId()
        : !IsValidTemplateId(templateId) ? ApiErrors.BadRequest("templateId must be 1-64 of A-Z a-z 0-9 - _.", "templateId")
        : null;

    private static JsonHttpResult<SendGridErrorResponse> NotFound(string templateId) =>
        ApiErrors.Of(StatusCodes.Status404NotFound, $"Template '{templateId}' does not exist in this portal.", "templateId");
}
