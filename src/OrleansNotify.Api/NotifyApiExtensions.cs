using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansNotify.Api.Events;
using OrleansNotify.Api.Intake;
using OrleansNotify.Api.Json;
using OrleansNotify.Api.Security;
using OrleansNotify.Api.Tracking;

namespace OrleansNotify.Api;

/// <summary>
/// Registers and maps the HTTP API. It needs only an <c>IGrainFactory</c>, so a silo and a front end
/// connected as an Orleans client serve the same endpoints.
/// </summary>
public static class NotifyApiExtensions
{
    public static IServiceCollection AddNotifyApi(this IServiceCollection services)
    {
        services.AddOptions<NotifyApiOptions>().BindConfiguration(NotifyApiOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<MessageIntake>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddOpenApi();
        services.AddTrackingApi();
        return services;
    }

    /// <summary>Maps every endpoint group and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapNotifyApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapPortalsApi();
        app.MapMessagesApi();
        app.MapMailSendApi();
        app.MapTrackingApi();
        app.MapEventsApi();
        return app;
    }
}
