using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansNotify.Events;
using OrleansNotify.Mail;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrleansNotify.RabbitMq;

/// <summary>
/// One connection's consumer. Deliveries are parsed as they arrive (a malformed one is dead-lettered at
/// once) and handed in batches to <see cref="IEventIntakeGrain"/>; each is acknowledged only after its
/// messages are on the stream. Ends when the connection drops; unacknowledged deliveries then return
/// to the queue and their message ids make the redelivery harmless.
/// </summary>
internal sealed partial class RabbitMqSession(
    IConnection connection, IGrainFactory grains, RabbitMqIngressOptions options, AttemptCounter attempts, ILogger logger)
{
    private readonly Channel<Delivery> _pending = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _settle = new(1, 1);
    private readonly AckTracker _acks = new();
    private IChannel _channel = null!;
    private IChannel _deadLetters = null!;

    public async Task RunAsync(CancellationToken stopping)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, _) => { closed.TrySetResult(); return Task.CompletedTask; };
        await RabbitMqTopology.DeclareAsync(connection, options, stopping);
        await using var channel = _channel = await connection.CreateChannelAsync(cancellationToken: stopping);
        await using var deadLetters = _deadLetters = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stopping);
        await channel.BasicQosAsync(0, options.Prefetch, global: false, stopping);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        await channel.BasicConsumeAsync(options.Queue, autoAck: false, consumer, stopping);
        LogConsuming(logger, options.Queue, options.Uri.Host, options.Uri.Port);

        using var end = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var processing = ProcessLoopAsync(end.Token);
        await Task.WhenAny(closed.Task, processing, Task.Delay(Timeout.Infinite, stopping));
        await end.CancelAsync();
        _pending.Writer.TryComplete();
        try
        {
            await processing;
        }
        catch (OperationCanceledException)
        {
            // stopping or reconnecting
        }
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray();
        _acks.Received(delivery.DeliveryTag);
        var evt = Parse(body, out var reason);
        if (evt is null)
        {
            await DeadLetterAsync(delivery.DeliveryTag, body, delivery.BasicProperties, reason!);
            return;
        }

        _pending.Writer.TryWrite(new Delivery(delivery.DeliveryTag, evt, body, delivery.BasicProperties));
    }

    private async Task ProcessLoopAsync(CancellationToken cancellationToken)
    {
        using var inFlight = new SemaphoreSlim(options.MaxBatchesInFlight);
        var running = new List<Task>();
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            var batch = new List<Delivery>(options.MaxBatch);
            while (batch.Count < options.MaxBatch && reader.TryRead(out var delivery))
            {
                batch.Add(delivery);
            }

            await inFlight.WaitAsync(cancellationToken);
            running.RemoveAll(t => t.IsCompleted);
            running.Add(ProcessBatchAsync(batch, cancellationToken).ContinueWith(_ => inFlight.Release(), TaskScheduler.Default));
        }

        await Task.WhenAll(running);
    }

    private async Task ProcessBatchAsync(List<Delivery> batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<EventResult> results;
        try
        {
            results = await grains.GetGrain<IEventIntakeGrain>(0).ProcessAsync(batch.Select(d => d.Event).ToArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBatchFailed(logger, e, batch.Count);
            await Task.WhenAll(batch.Select(d => RetryAsync(d, e.Message, cancellationToken)));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var delivery = batch[i];
            var result = results[i];
            if (result.RetryLater)
            {
                await RetryAsync(delivery, result.Error ?? "retry later", cancellationToken);
            }
            else if (result.Outcome == EventOutcomes.Rejected)
            {
                var field = result.Field is null ? "" : $" (field {result.Field})";
                await DeadLetterAsync(delivery.Tag, delivery.Body, delivery.Properties, $"{result.Error}{field}");
            }
            else
            {
                attempts.Succeeded(Key(delivery.Event));
                await AckAsync(delivery.Tag);
            }
        }
    }

    /// <summary>Acknowledges the delivery, together with every earlier one that is settled, in one frame.</summary>
    /// <remarks>Computed under the settle lock: acks leave in increasing order, never behind one that covered them.</remarks>
    private Task AckAsync(ulong tag) => SettleAsync(() =>
    {
        var upTo = _acks.Settled(tag, needsAck: true);
        return upTo > 0 ? _channel.BasicAckAsync(upTo, multiple: true, CancellationToken.None) : ValueTask.CompletedTask;
    });

    /// <summary>A transient failure: back to the queue after a pause, or to the dead letters once attempts run out.</summary>
    private async Task RetryAsync(Delivery delivery, string reason, CancellationToken cancellationToken)
    {
        var key = Key(delivery.Event);
        if (attempts.Failed(key))
        {
            attempts.Succeeded(key);
            await DeadLetterAsync(delivery.Tag, delivery.Body, delivery.Properties, $"gave up after {options.MaxAttempts} attempts: {reason}");
            return;
        }

        // A pause so a full queue or a starting silo is not hammered by an immediate redelivery.
        await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempts.Count(key), 20)), cancellationToken);
        // Settled (and sent) under the lock, so a multiple ack never covers a tag that is being nacked.
        await SettleAsync(() =>
        {
            _acks.Settled(delivery.Tag, needsAck: false);
            return _channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, CancellationToken.None);
        });
    }

    /// <summary>
    /// Republishes the event to the dead-letter exchange with the reason in <c>x-notify-error</c>, waits
    /// for the broker's confirm, then acknowledges the original. If that fails, rejects it without
    /// requeue, so the queue's own dead-lettering still keeps it.
    /// </summary>
    private async Task DeadLetterAsync(ulong tag, byte[] body, IReadOnlyBasicProperties original, string reason)
    {
        LogDeadLetter(logger, options.Queue, reason);
        try
        {
            var headers = original.Headers is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(original.Headers);
            headers[RabbitMqTopology.ErrorHeader] = reason;
            var properties = new BasicProperties
            {
                Persistent = true, Headers = headers, ContentType = original.ContentType, MessageId = original.MessageId,
            };
            await _deadLetters.BasicPublishAsync(options.DeadLetterExchangeName, options.Queue, mandatory: false, properties, body);
            await AckAsync(tag);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeadLetterPublishFailed(logger, e);
            await SettleAsync(() =>
            {
                _acks.Settled(tag, needsAck: false);
                return _channel.BasicRejectAsync(tag, requeue: false, CancellationToken.None);
            });
        }
    }

    /// <summary>Acks and nacks one at a time on the channel; after a connection loss they are moot (the broker redelivers).</summary>
    private async Task SettleAsync(Func<ValueTask> settle)
    {
        await _settle.WaitAsync(CancellationToken.None);
        try
        {
            if (_channel.IsOpen)
            {
                await settle();
            }
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.AlreadyClosedException or ObjectDisposedException)
        {
            // The delivery returns to the queue; its message ids make the redelivery harmless.
        }
        finally
        {
            _settle.Release();
        }
    }

    private static NotifyEvent? Parse(byte[] body, out string? reason)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var errors = new List<SendGridError>();
            var evt = EventParser.Parse(document.RootElement, routePortalId: null, "", errors);
            reason = evt is null ? string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")) : null;
            return evt;
        }
        catch (JsonException e)
        {
            reason = $"not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message}";
            return null;
        }
    }

    private static string Key(NotifyEvent evt) => evt.PortalId + "\n" + evt.Id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming events from queue {Queue} at {Host}:{Port}")]
    private static partial void LogConsuming(ILogger logger, string queue, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event from queue {Queue} dead-lettered: {Reason}")]
    private static partial void LogDeadLetter(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not republish a dead letter; rejected it to the queue's dead-letter exchange instead")]
    private static partial void LogDeadLetterPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} events failed; they will be retried")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
