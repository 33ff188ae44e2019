using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansNotify.Streaming.PostgreSql.Queues;

/// <summary>
/// LISTENs on a dedicated connection and raises a per-queue flag when an INSERT batch NOTIFYs, so idle
/// receivers skip empty polls. A hint only: while it is not listening, receivers poll every time.
/// </summary>
public sealed partial class QueueNotificationListener : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _prefix;
    private readonly int[] _signals;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _listening;

    public QueueNotificationListener(PostgreSqlQueueTable table, NpgsqlDataSource dataSource, int queueCount, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        _dataSource = dataSource;
        _prefix = table.NotificationPayload([]);
        _signals = new int[queueCount];
        _time = time;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>True while notifications arrive; otherwise a quiet queue proves nothing.</summary>
    public bool IsListening => _listening;

    /// <summary>Whether rows were announced for the queue since the last call (and clears the flag).</summary>
    public bool TakeSignal(int queueId) => (uint)queueId >= (uint)_signals.Length || Interlocked.Exchange(ref _signals[queueId], 0) != 0;

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgreSqlQueueTable.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                }

                _listening = true;
                SignalAll(); // anything announced while we were not listening
                while (true)
                {
                    await connection.WaitAsync(_stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                _listening = false;
                LogListenFailed(_logger, ex);
                try
                {
                    await Task.Delay(ReconnectDelay, _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            finally
            {
                _listening = false;
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var payload = e.Payload;
        if (!payload.StartsWith(_prefix, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var part in payload.AsSpan(_prefix.Length).Split(','))
        {
            if (int.TryParse(payload.AsSpan(_prefix.Length)[part], out var queue) && (uint)queue < (uint)_signals.Length)
            {
                Volatile.Write(ref _signals[queue], 1);
            }
        }
    }

    private void SignalAll()
    {
        for (var i = 0; i < _signals.Length; i++)
        {
            Volatile.Write(ref _signals[i], 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream LISTEN connection lost; receivers poll until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
