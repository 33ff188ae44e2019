using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansNotify.Api.Json;
using OrleansNotify.Api.Security;
using OrleansNotify.Grains;

namespace OrleansNotify.Api;

/// <summary>
/// Liveness (the process answers) and readiness (the cluster answers a grain call). Misconfigured
/// portals do not make the service unready — other portals still send — they are listed as detail.
/// </summary>
public static class HealthApi
{
    /// <summary>A cluster that cannot answer within this time is not ready.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", Live).WithName("Live").WithSummary("The process is up.");
        health.MapGet("/ready", Ready).WithName("Ready")
            .WithSummary("The cluster answers; lists misconfigured portals (ids and reasons with the admin key).");
        return app;
    }

    public static Ok<HealthReport> Live() => TypedResults.Ok(new HealthReport { Status = "live" });

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Ready(
        HttpContext context, [FromServices] IGrainFactory grains, [FromServices] ApiKeyAuthenticator keys,
        CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> misconfigured;
        try
        {
            misconfigured = await grains.GetGrain<IPortalDirectoryGrain>(0).GetMisconfiguredAsync()
                .WaitAsync(ReadyTimeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var down = new HealthReport { Status = "unavailable", Error = $"The cluster did not answer: {e.GetType().Name}" };
            return TypedResults.Json(down, ApiJsonContext.Default.HealthReport, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Portal ids and reasons are for operators; an anonymous probe learns only how many.
        var admin = context.Request.Headers.Authorization.Count > 0
            && (await keys.AuthenticateAsync(context)).Kind == CallerKind.Admin;
        return TypedResults.Ok(new HealthReport
        {
            Status = "ready",
            MisconfiguredCount = misconfigured.Count,
            Misconfigured = admin ? misconfigured : null,
        });
    }
}
