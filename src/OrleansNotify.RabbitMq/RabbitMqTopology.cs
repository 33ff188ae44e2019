using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrleansNotify.RabbitMq;

/// <summary>
/// Declares what the ingress needs: a fanout dead-letter exchange with a durable queue bound to it, and
/// the event queue (durable, dead-lettering to that exchange) when it does not exist yet. An existing
/// queue is used as it is, whatever its arguments: redeclaring with other arguments would fail.
/// </summary>
public static class RabbitMqTopology
{
    public const string ErrorHeader = "x-notify-error";

    public static async Task DeclareAsync(IConnection connection, RabbitMqIngressOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.ExchangeDeclareAsync(options.DeadLetterExchangeName, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(options.DeadLetterQueueName, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(options.DeadLetterQueueName, options.DeadLetterExchangeName, "", cancellationToken: cancellationToken);
        }

        try
        {
            // A passive declare fails (and closes its channel) when the queue is missing.
            await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await probe.QueueDeclarePassiveAsync(options.Queue, cancellationToken);
            return;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // Missing: declared below.
        }

        await using var declare = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await declare.QueueDeclareAsync(options.Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = options.DeadLetterExchangeName },
            cancellationToken: cancellationToken);
    }
}
