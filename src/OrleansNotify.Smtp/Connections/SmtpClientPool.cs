using System.Collections.Concurrent;

namespace OrleansNotify.Smtp.Connections;

/// <summary>
/// Connected, authenticated clients for one endpoint: at most <see cref="SmtpEndpoint.PoolSize"/> in use
/// at once, reused across messages (MailKit resets between transactions), closed when idle, replaced
/// when broken. Connections are opened lazily, so one busy sender uses one connection.
/// </summary>
public sealed class SmtpClientPool(SmtpEndpoint endpoint, SmtpConnector connector, SmtpNotifierOptions options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim slots = new(endpoint.PoolSize, endpoint.PoolSize);
    private readonly ConcurrentStack<PooledSmtpClient> idle = new();
    private int open;

    public SmtpEndpoint Endpoint => endpoint;

    /// <summary>Connections currently open (idle and in use).</summary>
    public int OpenConnections => Volatile.Read(ref open);

    /// <summary>Waits for a free slot, then hands out an idle connection or opens one.</summary>
    public async Task<PooledSmtpClient> RentAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (idle.TryPop(out var client))
            {
                if (client.IsConnected)
                {
                    return client;
                }

                Close(client);
            }

            var fresh = await connector.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref open);
            return fresh;
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Gives a client back; a broken, disconnected or worn-out one is closed instead.</summary>
    public void Return(PooledSmtpClient client, bool broken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (broken || !client.IsConnected || client.MessagesSent >= options.MaxMessagesPerConnection)
        {
            Close(client);
        }
        else
        {
            client.LastUsedTimestamp = time.GetTimestamp();
            idle.Push(client);
        }

        slots.Release();
    }

    /// <summary>Closes connections idle longer than the idle timeout; returns how many.</summary>
    public int CloseIdle()
    {
        var kept = new List<PooledSmtpClient>();
        var closed = 0;
        while (idle.TryPop(out var client))
        {
            if (time.GetElapsedTime(client.LastUsedTimestamp) >= options.IdleTimeout || !client.IsConnected)
            {
                Close(client);
                closed++;
            }
            else
            {
                kept.Add(client);
            }
        }

        // Oldest at the bottom again, so the most recently used connection is reused first.
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            idle.Push(kept[i]);
        }

        return closed;
    }

    private void Close(PooledSmtpClient client)
    {
        Interlocked.Decrement(ref open);
        QuitAndDispose(client);
    }

    /// <summary>QUIT politely in the background; a dead peer must not hold up the caller.</summary>
    private void QuitAndDispose(PooledSmtpClient client)
    {
        if (!client.IsConnected)
        {
            client.Dispose();
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(options.OperationTimeout, time);
                await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // closing a connection we no longer want: any failure is moot
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                client.Dispose();
            }
        });
    }

    public void Dispose()
    {
        while (idle.TryPop(out var client))
        {
            Close(client);
        }

        slots.Dispose();
    }
}
