using System.Text;
using RabbitMQ.Client;

namespace OrleansNotify.Events.Tests.Support;

/// <summary>A producer as an application would run one: persistent messages, publisher confirms awaited.</summary>
public sealed class EventPublisher : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private EventPublisher(IConnection connection, IChannel channel) => (_connection, _channel) = (connection, channel);

    public static async Task<EventPublisher> ConnectAsync(Uri uri)
    {
        var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new EventPublisher(connection, channel);
    }

    /// <summary>Completes when the broker confirmed the message (it is then on disk for a durable queue).</summary>
    public async Task PublishAsync(string queue, string json) =>
        await _channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true, ContentType = "application/json" },
            Encoding.UTF8.GetBytes(json));

    /// <summary>Publishes many with up to <paramref name="window"/> confirms outstanding.</summary>
    public async Task PublishManyAsync(string queue, IEnumerable<string> messages, int window = 256)
    {
        var pending = new List<Task>(window);
        foreach (var json in messages)
        {
            pending.Add(PublishAsync(queue, json));
            if (pending.Count == window)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>Polls a queue with basic.get until a message arrives (acknowledged), or fails after the timeout.</summary>
    public async Task<BasicGetResult> GetAsync(string queue, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var result = await _channel.BasicGetAsync(queue, autoAck: true);
            if (result is not null)
            {
                return result;
            }

            Assert.True(clock.Elapsed < timeout, $"Nothing arrived in queue {queue} within {timeout}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the queue exists (the silo declares it when it connects).</summary>
    public async Task WaitForQueueAsync(string queue, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var probe = await _connection.CreateChannelAsync();
                await probe.QueueDeclarePassiveAsync(queue);
                return;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
