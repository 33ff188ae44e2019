using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansNotify.Api.Http;
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

    /// <summary>
    /// Maps every endpoint group and the OpenAPI document at <c>/openapi/v1.json</c>. Every endpoint answers
    /// a grain call that found no silo with a 503 (<see cref="ClusterUnavailableFilter"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapNotifyApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("");
        api.AddEndpointFilter(ClusterUnavailableFilter.InvokeAsync);
        api.MapHealthApi();
        api.MapPortalsApi();
        api.MapMessagesApi();
        api.MapMailSendApi();
        api.MapTrackingApi();
        api.MapEventsApi();
        return app;
    }
}
