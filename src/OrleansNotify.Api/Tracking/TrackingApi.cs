using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Api.Http;
using OrleansNotify.Api.Security;

namespace OrleansNotify.Api.Tracking;

/// <summary>Registers and maps the tracking endpoints: the SendGrid webhook, statistics, suppressions.</summary>
public static class TrackingApi
{
    public static IServiceCollection AddTrackingApi(this IServiceCollection services)
    {
        services.AddOptions<TrackingApiOptions>().BindConfiguration(TrackingApiOptions.Section);
        return services;
    }

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder app)
    {
        // Authenticated by the portal's webhook signature, not by an API key.
        app.MapPost("/v1/webhooks/sendgrid/{portalId}", WebhookApi.Receive).WithTags("Tracking").WithName("SendGridEventWebhook")
            .WithSummary("Receives SendGrid Event Webhook batches (signed with the portal's webhook key).")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable);

        var portal = app.MapGroup("/v1/portals/{portalId}").WithTags("Tracking").RequirePortalAccess()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        portal.MapGet("/stats", StatsApi.GetStats).WithName("GetStats")
            .WithSummary("Counts per interval and category: requests, deliveries, bounces, opens, clicks and rates.");
        portal.MapGet("/suppressions", SuppressionsApi.List).WithName("ListSuppressions")
            .WithSummary("Addresses the portal will not send to, with reason and time.");
        portal.MapGet("/suppressions/{email}", SuppressionsApi.Get).WithName("GetSuppression");
        portal.MapPut("/suppressions/{email}", SuppressionsApi.Put).WithName("PutSuppression")
            .WithSummary("Suppresses an address (optionally for one unsubscribe group).");
        portal.MapDelete("/suppressions/{email}", SuppressionsApi.Delete).WithName("DeleteSuppression")
            .WithSummary("Lets the portal send to the address again (every group).");
        return app;
    }
}
