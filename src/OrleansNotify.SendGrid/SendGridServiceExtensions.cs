using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.SendGrid;

public static class SendGridServiceExtensions
{
    /// <summary>
    /// Registers the SendGrid notifier under <see cref="NotifierKinds.SendGrid"/> with one pooled
    /// connection handler per silo (keep-alive, connections renewed after
    /// <see cref="SendGridNotifierOptions.PooledConnectionLifetime"/>).
    /// </summary>
    public static IServiceCollection AddSendGridNotifier(this IServiceCollection services, Action<SendGridNotifierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SendGridNotifierOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RateLimitRegistry>();
        services.AddHttpClient(SendGridNotifierOptions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<SendGridNotifierOptions>>().Value;
                return new SocketsHttpHandler
                {
                    PooledConnectionLifetime = o.PooledConnectionLifetime,
                    PooledConnectionIdleTimeout = o.PooledConnectionIdleTimeout,
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = false,
                    AllowAutoRedirect = false,
                };
            })
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<SendGridNotifierOptions>>().Value.RequestTimeout)
            // The notifier keeps its HttpClient for the silo's life: the factory must not rotate the
            // handler under it; PooledConnectionLifetime renews connections instead.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Per-request log lines would cost more than the send; the notifier logs what matters.
            .RemoveAllLoggers();
        services.AddKeyedSingleton<INotifier, SendGridNotifier>(NotifierKinds.SendGrid);
        return services;
    }
}
