using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;
using OrleansNotify.Grains.Intake;
using OrleansNotify.Tracking;

namespace OrleansNotify.Grains.Tracking;

/// <summary>
/// Puts a verified webhook batch on its portal's <c>webhooks</c> stream. Like the message intake it
/// backs off briefly on a full memory queue, then reports <see cref="IntakeFullException"/> (503 with
/// Retry-After: SendGrid retries), never dropping a batch.
/// </summary>
[StatelessWorker]
public sealed partial class WebhookIntakeGrain(TimeProvider time, ILogger<WebhookIntakeGrain> logger) : Grain, IWebhookIntakeGrain
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(250)];

    public async Task PublishAsync(WebhookBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stream = this.GetStreamProvider(NotifyNames.StreamProvider)
            .GetStream<WebhookBatch>(StreamId.Create(TrackingNames.WebhooksStream, batch.PortalId));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await stream.OnNextAsync(batch);
                return;
            }
            catch (Exception ex) when (IntakeGrain.IsQueueFull(ex))
            {
                if (attempt >= Backoff.Length)
                {
                    LogQueueFull(logger, batch.PortalId, batch.Events.Count);
                    throw new IntakeFullException(TimeSpan.FromSeconds(1));
                }

                await Task.Delay(Backoff[attempt], time);
            }
        }
    }

    [LoggerMessage(8101, LogLevel.Warning, "Portal {PortalId}: stream queue full, webhook batch of {Count} refused with Retry-After")]
    private static partial void LogQueueFull(ILogger logger, string portalId, int count);
}
