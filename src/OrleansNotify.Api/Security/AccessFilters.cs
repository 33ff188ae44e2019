using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Api.Http;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Security;

/// <summary>Endpoint filters that decide who may call a group of endpoints.</summary>
public static class AccessFilters
{
    /// <summary>Only the admin key: portal management. A portal key gets 403, no key 401.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = await Authenticate(context.HttpContext);
            return caller.Kind switch
            {
                CallerKind.Admin => await next(context),
                CallerKind.Portal => ApiErrors.Forbidden("A portal key cannot manage portals; use the admin key."),
                _ => Challenge(context.HttpContext),
            };
        });

    /// <summary>The admin, or a key of the portal named in the route (<c>{portalId}</c>); others get 403.</summary>
    public static TBuilder RequirePortalAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = await Authenticate(context.HttpContext);
            if (!caller.IsAuthenticated)
            {
                return Challenge(context.HttpContext);
            }

            var portalId = context.HttpContext.Request.RouteValues["portalId"] as string ?? "";
            return caller.MayAccess(portalId)
                ? await next(context)
                : ApiErrors.Forbidden("This key belongs to another portal.");
        });

    public static JsonHttpResult<SendGridErrorResponse> Challenge(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiErrors.Unauthorized();
    }

    private static ValueTask<ApiCaller> Authenticate(HttpContext context) =>
        context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(context);
}
