using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace OrleansNotify.Api.Http;

/// <summary>
/// A grain call that found no silo to answer (one died, the client is between gateways, the cluster is
/// busy) becomes a 503 with Retry-After in SendGrid's error shape, not a bare 500: the caller learns the
/// request may be retried. Such a call may still have been accepted before its answer was lost, so the
/// message says how to retry without a duplicate.
/// </summary>
public static partial class ClusterUnavailableFilter
{
    public const string Message =
        "The cluster did not answer; retry shortly. Send an Idempotency-Key so that a retry of a request that was in fact accepted is not queued twice.";

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (IsClusterUnavailable(e) && !context.HttpContext.Response.HasStarted)
        {
            var http = context.HttpContext;
            LogUnavailable(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterUnavailableFilter)),
                e.GetType().Name, http.Request.Method, http.Request.Path);
            http.Response.Headers.RetryAfter = "1";
            return ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, Message);
        }
    }

    /// <summary>Orleans' ways of saying "no answer" (the response timeout is a plain TimeoutException).</summary>
    public static bool IsClusterUnavailable(Exception e) =>
        e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException
            or ConnectionFailedException or GatewayTooBusyException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo answered ({Exception}) for {Method} {Path}: 503")]
    private static partial void LogUnavailable(ILogger logger, string exception, string method, string path);
}
