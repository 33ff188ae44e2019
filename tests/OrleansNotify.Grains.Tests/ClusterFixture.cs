using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansNotify.Grains;
using OrleansNotify.Grains.Hosting;
using OrleansNotify.Grains.Options;
using OrleansNotify.Notifiers;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Tests;

/// <summary>One in-process silo for every grain test: memory storage, streams and reminders, as embedded mode.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's message store, for tests that seed or inspect queue rows directly.</summary>
    public IMessageStore Store => Cluster.GetSiloServiceProvider().GetRequiredService<IMessageStore>();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder
                .AddMemoryGrainStorage(NotifyNames.PortalStorage)
                .AddMemoryGrainStorage(NotifyNames.PubSubStorage)
                .AddMemoryStreams(NotifyNames.StreamProvider)
                .UseInMemoryReminderService()
                .AddOrleansNotifyGrains();
            // The last registration wins over the grains' in-memory default: it passes through unless a test asks for an outage.
            siloBuilder.Services.AddSingleton<IMessageStore, FlakyMessageStore>();
            siloBuilder.Services.AddKeyedSingleton<INotifier>(TestNotifier.Kind, TestNotifier.Shared);
            // Short back-offs keep the retry tests quick; the shapes (exponential, jitter) stay the same.
            siloBuilder.Services.Configure<RetryOptions>(o =>
            {
                o.BaseDelay = TimeSpan.FromMilliseconds(100);
                o.QuickRetryDelay = TimeSpan.FromMilliseconds(10);
                o.DefaultRateLimitPause = TimeSpan.FromSeconds(1);
                o.GiveUpAfter = TimeSpan.FromSeconds(1.5);
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
