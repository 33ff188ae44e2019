using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace OrleansNotify.Grains.Hosting;

/// <summary>
/// How Orleans' pulling agents hand stream items to our consumers. Both (the portal grain and the tracking
/// ingest grain) take a delivery whole through <c>BatchObserver</c> and store it in one write, so a
/// stream's backlog is better delivered in one call than one item per call (Orleans' default).
/// </summary>
public static class StreamDelivery
{
    /// <summary>
    /// Most stream items (rows of the PostgreSQL queue, items of the memory stream) per delivery. In the
    /// cluster benchmark it halved accept→send p50; equal messages also share SendGrid calls more often
    /// (figures: tests/OrleansNotify.Benchmarks/README.md). A failed delivery is retried whole, which the
    /// consumers allow: storing a message or a webhook event twice changes nothing.
    /// </summary>
    public const int ItemsPerDelivery = 64;

    /// <summary>Applies <see cref="ItemsPerDelivery"/> to the provider's pulling agents (a later Configure overrides it).</summary>
    public static void DeliverBacklogTogether(this IServiceCollection services, string streamProvider)
        => services.Configure<StreamPullingAgentOptions>(streamProvider, o => o.BatchContainerBatchSize = ItemsPerDelivery);
}
