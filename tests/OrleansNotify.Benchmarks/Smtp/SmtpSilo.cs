using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansNotify.Grains;
using OrleansNotify.Grains.Options;
using OrleansNotify.Smtp;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>
/// An in-process silo holding the product's sender grain (<c>SenderGrain</c>, a stateless worker) with
/// the real SMTP notifiers, so the benchmark measures the sender path the portal grain calls: the grain
/// call, parse, merge, MIME build, pool and outcome mapping. Only what the sender needs is registered.
/// </summary>
internal sealed class SmtpSilo : IAsyncDisposable
{
    private readonly IHost host;

    private SmtpSilo(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public ISenderGrain Sender(string kind) => host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISenderGrain>(kind);

    public static async Task<SmtpSilo> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), FreePort()));
        builder.Services.AddSmtpNotifiers();
        builder.Services.AddOptions<RetryOptions>();
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new SmtpSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync().ConfigureAwait(false);
        host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
