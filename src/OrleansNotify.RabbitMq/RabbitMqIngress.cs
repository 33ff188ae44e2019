using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace OrleansNotify.RabbitMq;

/// <summary>
/// The silo's RabbitMQ consumer: connects, consumes until the connection drops, reconnects with
/// doubling back-off (the client's own recovery is off: delivery tags of a lost channel must not be
/// acknowledged on a new one). The silo keeps serving HTTP and grains meanwhile.
/// </summary>
public sealed partial class RabbitMqIngress(
    IGrainFactory grains, IOptions<RabbitMqIngressOptions> options, TimeProvider time, ILogger<RabbitMqIngress> logger)
    : BackgroundService
{
    private readonly AttemptCounter _attempts = new(options.Value.MaxAttempts);

    /// <summary>Completed sessions (connections that ended); tests and metrics read it.</summary>
    public int Sessions { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var factory = new ConnectionFactory
        {
            Uri = o.Uri,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            ClientProvidedName = "orleansnotify-ingress",
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
        };
        var delay = o.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                delay = o.ReconnectDelay;
                await new RabbitMqSession(connection, grains, o, _attempts, logger).RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogConnectionFailed(logger, e, o.Uri.Host, o.Uri.Port, delay);
            }

            Sessions++;
            if (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, o.MaxReconnectDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ at {Host}:{Port} unavailable; reconnecting in {Delay}")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, string host, int port, TimeSpan delay);
}
