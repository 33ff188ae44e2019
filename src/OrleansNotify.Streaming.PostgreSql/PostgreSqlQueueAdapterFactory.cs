using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using OrleansNotify.Streaming.PostgreSql.Queues;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>
/// Orleans' entry point to the provider: queues hashed by Orleans' ring mapper, Orleans' simple cache,
/// one adapter (and insert batcher) per process, one LISTEN connection shared by the receivers.
/// </summary>
public sealed class PostgreSqlQueueAdapterFactory : IQueueAdapterFactory, IAsyncDisposable
{
    private readonly string _name;
    private readonly PostgreSqlStreamOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlQueueTable _table;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly Lazy<InsertBatcher> _batcher;
    private readonly Lazy<QueueNotificationListener> _listener;
    private int _disposed;

    public PostgreSqlQueueAdapterFactory(string name, PostgreSqlStreamOptions options, string serviceId, SimpleQueueCacheOptions cacheOptions, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _options = options;
        _services = services;
        _loggers = services.GetRequiredService<ILoggerFactory>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _ownsDataSource = options.DataSource is null;
        _dataSource = options.DataSource ?? NpgsqlDataSource.Create(options.ConnectionString!);
        _table = new PostgreSqlQueueTable(_dataSource, serviceId, name);
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, name);
        _cache = new SimpleQueueAdapterCache(cacheOptions, name, _loggers);
        _batcher = new(() => new InsertBatcher(_table, options.MaxInsertBatchSize, options.InsertConcurrency, options.UseNotify, _loggers.CreateLogger<InsertBatcher>()));
        _listener = new(() => new QueueNotificationListener(_table, _dataSource, options.QueueCount, _time, _loggers.CreateLogger<QueueNotificationListener>()));
    }

    /// <summary>Used by <c>AddPersistentStreams</c>: reads the provider's named options.</summary>
    public static PostgreSqlQueueAdapterFactory Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<PostgreSqlStreamOptions>>().Get(name);
        var cache = services.GetRequiredService<IOptionsMonitor<SimpleQueueCacheOptions>>().Get(name);
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var factory = new PostgreSqlQueueAdapterFactory(name, options, cluster.ServiceId, cache, services);

        // Orleans does not dispose adapter factories: stop the LISTEN loop and the batcher with the host.
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(() => factory.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return factory;
    }

    public Task<IQueueAdapter> CreateAdapter()
    {
        var serializer = _services.GetRequiredService<Serializer<PostgreSqlBatchContainer>>();
        IQueueAdapter adapter = new PostgreSqlQueueAdapter(_name, _options, _table, _batcher.Value, _mapper, serializer, () => _listener.Value, _time, _loggers);
        return Task.FromResult(adapter);
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    /// <summary>Undeliverable rows are not dropped here: they are never acknowledged, so they come back and end as dead letters.</summary>
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId)
        => Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler(false));

    public async ValueTask DisposeAsync()
    {
        // Disposed twice on a graceful stop (ApplicationStopped above and the container): only the first counts.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_batcher.IsValueCreated)
        {
            await _batcher.Value.DisposeAsync().ConfigureAwait(false);
        }

        if (_listener.IsValueCreated)
        {
            await _listener.Value.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}
