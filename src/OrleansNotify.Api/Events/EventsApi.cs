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
/// Application events for a portal: <c>POST /events</c> (one or a batch; all validated before any is
/// processed), and the portal's event log. The admin key or that portal's own key.
/// </summary>
public static class EventsApi
{
    /// <summary>Events in one request.</summary>
    public const int MaxBatch = 1000;

    /// <summary>Maps events, rules and templates; called once from <c>MapNotifyApi</c>.</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/v1/portals/{portalId}/events").WithTags("Events").RequirePortalAccess()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        events.MapPost("/", PostEvents).WithName("PostEvents")
            .WithSummary("Accepts one event or an array; 202 with each event's outcome (accepted, ignored, rejected) and message ids.");
        events.MapGet("/", GetEventLog).WithName("GetEventLog")
            .WithSummary("The portal's recent events, newest first (?limit=, default 100).");
        events.MapGet("/{eventId}", GetEvent).WithName("GetEvent")
            .WithSummary("What became of one event: its outcome, its message ids or why it was ignored or rejected.");
        app.MapRulesApi();
        app.MapTemplatesApi();
        return app;
    }

    public static async Task<Results<JsonHttpResult<EventResults>, JsonHttpResult<SendGridErrorResponse>>> PostEvents(
        string portalId, HttpRequest request, [FromServices] IGrainFactory grains,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var (body, readError) = await RequestBody.ReadAsync(request, options.Value.MailBodyLimit, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        var infoTask = grains.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync();
        var (parsed, errors) = Parse(body, portalId);
        if (await infoTask is null)
        {
            return ApiErrors.PortalNotFound(portalId);
        }

        if (errors.Count > 0)
        {
            return ApiErrors.Of(StatusCodes.Status400BadRequest, errors);
        }

        var results = await grains.GetGrain<IEventIntakeGrain>(0).ProcessAsync(parsed);
        if (results.Any(r => r.RetryLater))
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return ApiErrors.Of(StatusCodes.Status503ServiceUnavailable,
                "The message queue is full; retry the request later (events already accepted are not sent twice).");
        }

        return TypedResults.Json(new EventResults(results), EventsApiJsonContext.Default.EventResults, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<Results<JsonHttpResult<EventLogView>, JsonHttpResult<SendGridErrorResponse>>> GetEventLog(
        string portalId, [FromServices] IGrainFactory grains, int? limit = null)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var entries = await grains.GetGrain<IPortalEventsGrain>(portalId).GetLogAsync(limit ?? 100);
        return TypedResults.Json(new EventLogView(entries), EventsApiJsonContext.Default.EventLogView);
    }

    public static async Task<Results<JsonHttpResult<EventLogEntry>, JsonHttpResult<SendGridErrorResponse>>> GetEvent(
        string portalId, string eventId, [FromServices] IGrainFactory grains)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var entry = await grains.GetGrain<IPortalEventsGrain>(portalId).GetLogEntryAsync(eventId);
        return entry is null
            ? ApiErrors.Of(StatusCodes.Status404NotFound, $"Event '{eventId}' is not in this portal's event log.", "eventId")
            : TypedResults.Json(entry, EventsApiJsonContext.Default.EventLogEntry);
    }

    /// <summary>One object or an array of at most <see cref="MaxBatch"/>; batch fields are prefixed with the index.</summary>
    internal static (List<NotifyEvent> Events, List<SendGridError> Errors) Parse(byte[] body, string portalId)
    {
        var events = new List<NotifyEvent>();
        var errors = new List<SendGridError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            errors.Add(new SendGridError { Message = $"The request body is not valid JSON at line {(e.LineNumber ?? 0) + 1}." });
            return (events, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() is 0 or > MaxBatch)
                {
                    errors.Add(new SendGridError { Message = $"A batch holds 1-{MaxBatch} events." });
                    return (events, errors);
                }

                var i = 0;
                foreach (var item in root.EnumerateArray())
                {
                    Add(EventParser.Parse(item, portalId, $"{i++}.", errors));
                }
            }
            else
            {
                Add(EventParser.Parse(root, portalId, "", errors));
            }
        }

        return (events, errors);

        void Add(NotifyEvent? evt)
        {
            if (evt is not null)
            {
                events.Add(evt);
            }
        }
    }
}
