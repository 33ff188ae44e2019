using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansNotify.Api.Http;
using OrleansNotify.Api.Json;
using OrleansNotify.Api.Security;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Validation;

namespace OrleansNotify.Api;

/// <summary>Portal management under /v1/portals: admin key only. Secrets are masked in every reply.</summary>
public static class PortalsApi
{
    public static IEndpointRouteBuilder MapPortalsApi(this IEndpointRouteBuilder app)
    {
        var portals = app.MapGroup("/v1/portals").WithTags("Portals").RequireAdmin()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        portals.MapGet("/", ListPortals).WithName("ListPortals")
            .WithSummary("Lists every portal with its secrets masked.");
        portals.MapPut("/{portalId}", PutPortal).WithName("PutPortal")
            .WithSummary("Creates or replaces a portal: its notifier, defaults and throttle.")
            .Accepts<PortalConfig>("application/json");
        portals.MapGet("/{portalId}", GetPortal).WithName("GetPortal")
            .WithSummary("Reads a portal with its secrets masked, its key ids and its queue status.");
        portals.MapDelete("/{portalId}", DeletePortal).WithName("DeletePortal")
            .WithSummary("Removes a portal, its keys and its queue.");
        portals.MapPost("/{portalId}/keys", CreateKey).WithName("CreatePortalKey")
            .WithSummary("Issues a portal API key; the key is shown only in this reply.");
        portals.MapPost("/{portalId}/verify", VerifyPortal).WithName("VerifyPortal")
            .WithSummary("Checks the portal's notifier (credentials, scopes, TLS) without sending.");
        return app;
    }

    public static async Task<Ok<PortalList>> ListPortals([FromServices] IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IPortalDirectoryGrain>(0).ListAsync();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IPortalGrain>(id).GetAsync()));
        return TypedResults.Ok(new PortalList(views.OfType<PortalView>().Select(Masked).ToArray()));
    }

    public static async Task<Results<Ok<PortalView>, Created<PortalView>, JsonHttpResult<SendGridErrorResponse>>> PutPortal(
        string portalId, HttpRequest request, [FromServices] IGrainFactory grains,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var (config, bodyError) = await RequestBody.ReadJsonAsync(
            request, options.Value.DefaultBodyLimit, PortalJsonContext.Default.PortalConfig, cancellationToken);
        if (config is null)
        {
            return bodyError!;
        }

        var errors = PortalConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            return ApiErrors.Of(StatusCodes.Status400BadRequest, errors);
        }

        var portal = grains.GetGrain<IPortalGrain>(portalId);
        var created = await portal.PutAsync(config);
        var view = await portal.GetAsync() ?? new PortalView { PortalId = portalId, Config = config };
        return created
            ? TypedResults.Created($"/v1/portals/{portalId}", Masked(view))
            : TypedResults.Ok(Masked(view));
    }

    public static async Task<Results<Ok<PortalView>, JsonHttpResult<SendGridErrorResponse>>> GetPortal(
        string portalId, [FromServices] IGrainFactory grains)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var view = await grains.GetGrain<IPortalGrain>(portalId).GetAsync();
        return view is null ? ApiErrors.PortalNotFound(portalId) : TypedResults.Ok(Masked(view));
    }

    public static async Task<Results<NoContent, JsonHttpResult<SendGridErrorResponse>>> DeletePortal(
        string portalId, [FromServices] IGrainFactory grains, [FromServices] ApiKeyAuthenticator keys)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var deleted = await grains.GetGrain<IPortalGrain>(portalId).DeleteAsync();
        keys.Forget(portalId);
        return deleted ? TypedResults.NoContent() : ApiErrors.PortalNotFound(portalId);
    }

    public static async Task<Results<Created<CreatedPortalKey>, JsonHttpResult<SendGridErrorResponse>>> CreateKey(
        string portalId, HttpResponse response, [FromServices] IGrainFactory grains)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var key = await grains.GetGrain<IPortalGrain>(portalId).CreateKeyAsync();
        if (key is null)
        {
            return ApiErrors.PortalNotFound(portalId);
        }

        // Shown once: no proxy or browser may keep a copy.
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, key);
    }

    public static async Task<Results<Ok<VerifyReport>, JsonHttpResult<SendGridErrorResponse>>> VerifyPortal(
        string portalId, [FromServices] IGrainFactory grains)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        var report = await grains.GetGrain<IPortalGrain>(portalId).VerifyAsync();
        return report is null ? ApiErrors.PortalNotFound(portalId) : TypedResults.Ok(report);
    }

    /// <summary>The grain masks already; masking again here keeps the promise even if it ever did not.</summary>
    private static PortalView Masked(PortalView view) => view with { Config = view.Config.Masked() };
}
