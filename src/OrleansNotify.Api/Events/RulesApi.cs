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
using OrleansNotify.Portals;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Events;

/// <summary>A portal's rules: which template (ours or SendGrid's) and which recipients an event type gets.</summary>
public static class RulesApi
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/v1/portals/{portalId}/rules").WithTags("Events").RequirePortalAccess()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        rules.MapPut("/{type}", PutRule).WithName("PutRule")
            .WithSummary("Sets the rule of an event type: { templateId | sendGridTemplateId, recipients, from, categories }.");
        rules.MapGet("/{type}", GetRule).WithName("GetRule").WithSummary("Reads the rule of an event type.");
        rules.MapDelete("/{type}", DeleteRule).WithName("DeleteRule").WithSummary("Removes a rule: the type's events are then ignored.");
        return app;
    }

    public static async Task<Results<JsonHttpResult<RuleView>, JsonHttpResult<SendGridErrorResponse>>> PutRule(
        string portalId, string type, HttpRequest request, [FromServices] IGrainFactory grains,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        if (Check(portalId, type) is { } invalid)
        {
            return invalid;
        }

        var (body, readError) = await RequestBody.ReadAsync(request, options.Value.DefaultBodyLimit, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        var info = await grains.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync();
        if (info is null)
        {
            return ApiErrors.PortalNotFound(portalId);
        }

        var errors = new List<SendGridError>();
        EventRule? rule;
        try
        {
            using var document = JsonDocument.Parse(body);
            rule = RuleBody.Parse(document.RootElement, errors);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("The request body is not valid JSON.", null);
        }

        if (errors.Count == 0 && rule?.SendGridTemplateId is not null && info.NotifierKind != NotifierKinds.SendGrid)
        {
            errors.Add(new SendGridError { Field = "sendGridTemplateId", Message = "SendGrid templates need a portal whose notifier is 'sendgrid'; use templateId." });
        }

        if (errors.Count > 0)
        {
            return ApiErrors.Of(StatusCodes.Status400BadRequest, errors);
        }

        var created = await grains.GetGrain<IPortalEventsGrain>(portalId).PutRuleAsync(type, rule!);
        return TypedResults.Json(View(type, rule!), EventsApiJsonContext.Default.RuleView,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<Results<JsonHttpResult<RuleView>, JsonHttpResult<SendGridErrorResponse>>> GetRule(
        string portalId, string type, [FromServices] IGrainFactory grains)
    {
        if (Check(portalId, type) is { } invalid)
        {
            return invalid;
        }

        var rule = await grains.GetGrain<IPortalEventsGrain>(portalId).GetRuleAsync(type);
        return rule is null ? RuleNotFound(type) : TypedResults.Json(View(type, rule), EventsApiJsonContext.Default.RuleView);
    }

    public static async Task<Results<NoContent, JsonHttpResult<SendGridErrorResponse>>> DeleteRule(
        string portalId, string type, [FromServices] IGrainFactory grains)
    {
        if (Check(portalId, type) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetGrain<IPortalEventsGrain>(portalId).DeleteRuleAsync(type) ? TypedResults.NoContent() : RuleNotFound(type);
    }

    private static JsonHttpResult<SendGridErrorResponse>? Check(string portalId, string type) =>
        !PortalConfigValidator.IsValidPortalId(portalId) ? ApiErrors.InvalidPortalId()
        : !EventParser.IsValidType(type) ? ApiErrors.BadRequest("type may hold only A-Z a-z 0-9 . _ - (at most 100).", "type")
        : null;

    private static JsonHttpResult<SendGridErrorResponse> RuleNotFound(string type) =>
        ApiErrors.Of(StatusCodes.Status404NotFound, $"No rule for event type '{type}'.", "type");

    private static RuleView View(string type, EventRule rule)
    {
        JsonElement? recipients = rule.RecipientsPath is { } path ? JsonSerializer.SerializeToElement(path, EventsApiJsonContext.Default.String)
            : rule.RecipientList is { } list ? JsonSerializer.SerializeToElement(list, EventsApiJsonContext.Default.IReadOnlyListString)
            : null;
        return new RuleView(type, rule.TemplateId, rule.SendGridTemplateId, recipients, rule.From, rule.Categories);
    }
}
