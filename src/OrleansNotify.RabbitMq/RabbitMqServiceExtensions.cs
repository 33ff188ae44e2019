using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansNotify.RabbitMq;

public static class RabbitMqServiceExtensions
{
    /// <summary>
    /// Binds <c>Notify:RabbitMq</c> and adds the consumer as a hosted service that exists only when
    /// <c>Enabled</c> is true. The choice is made when services resolve, not when they are registered,
    /// so settings that arrive late (test hosts, later configuration sources) still decide.
    /// </summary>
    public static IServiceCollection AddRabbitMqIngress(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqIngressOptions>().BindConfiguration(RabbitMqIngressOptions.Section)
            .Validate(o => !o.Enabled || o.Uri.Scheme is "amqp" or "amqps", "Notify:RabbitMq:Uri must be an amqp:// or amqps:// URI.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.Queue), "Notify:RabbitMq:Queue is required.")
            .Validate(o => !o.Enabled || o is { Prefetch: > 0, MaxBatch: > 0, MaxBatchesInFlight: > 0, MaxAttempts: > 0 },
                "Notify:RabbitMq: Prefetch, MaxBatch, MaxBatchesInFlight and MaxAttempts must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RabbitMqIngress>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<RabbitMqIngressOptions>>().Value.Enabled
            ? sp.GetRequiredService<RabbitMqIngress>()
            : Disabled.Instance);
        return services;
    }

    private sealed class Disabled : IHostedService
    {
        public static readonly Disabled Instance = new();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
