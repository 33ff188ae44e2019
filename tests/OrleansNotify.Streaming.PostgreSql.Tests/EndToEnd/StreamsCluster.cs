using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansNotify.Testing.PostgreSql;

namespace OrleansNotify.Streaming.PostgreSql.Tests.EndToEnd;

/// <summary>Two in-process silos and a client on the PostgreSQL stream provider, over a fresh database.</summary>
public sealed class StreamsCluster : IAsyncLifetime
{
    private const string ConnectionKey = "StreamsConnection";

    public PostgreSqlDatabase Database { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var builder = new TestClusterBuilder(2);
        builder.Properties[ConnectionKey] = Database.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Task<long> QueuedRowsAsync() => Database.ScalarAsync("SELECT count(*) FROM notify_stream_queue");

    /// <summary>Short timeouts so a lost silo's rows and queues come back within a test's patience.</summary>
    private static void Configure(PostgreSqlStreamOptions options, string connectionString)
    {
        options.ConnectionString = connectionString;
        options.VisibilityTimeout = TimeSpan.FromSeconds(3);
        options.QueueLeaseTime = TimeSpan.FromSeconds(3);
        options.PollInterval = TimeSpan.FromMilliseconds(500);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connection = siloBuilder.Configuration[ConnectionKey]!;
            siloBuilder.AddMemoryGrainStorage("PubSubStore");
            siloBuilder.AddPostgreSqlStreams(Sink.Provider, o => StreamsCluster.Configure(o, connection));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
            => clientBuilder.AddPostgreSqlStreams(Sink.Provider, o => StreamsCluster.Configure(o, configuration[ConnectionKey]!));
    }
}
