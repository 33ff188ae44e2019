using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OrleansNotify.Api;
using OrleansNotify.Frontend.Hosting;
using OrleansNotify.Silo.Hosting;

namespace OrleansNotify.Cluster.Tests.Support;

/// <summary>
/// A cluster-mode silo or a front end started in this process with the same host code as the real
/// programs (AddNotifySilo / AddNotifyFrontend + the API), configured by command-line style arguments,
/// on free loopback ports.
/// </summary>
public sealed class ClusterHost : IAsyncDisposable
{
    public const string AdminKey = "cluster-admin-key-0123456789";

    /// <summary>One key for the test run: every silo of a test must share it.</summary>
    public static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly WebApplication _app;

    private ClusterHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Arguments every cluster-mode silo of a test needs; <paramref name="extra"/> may override them.</summary>
    public static string[] SiloArgs(string connectionString, string clusterId, string serviceId, params string[] extra) =>
    [
        "--Notify:Mode=cluster",
        $"--ConnectionStrings:Notify={connectionString}",
        $"--Notify:ClusterId={clusterId}",
        $"--Notify:ServiceId={serviceId}",
        $"--Notify:EncryptionKey={EncryptionKey}",
        $"--Notify:AdminKey={AdminKey}",
        "--Notify:AdvertisedAddress=127.0.0.1",
        $"--Notify:SiloPort={FreePort()}",
        $"--Notify:GatewayPort={FreePort()}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:Console:FormatterName=simple",
        .. extra,
    ];

    public static async Task<ClusterHost> StartSiloAsync(string[] args)
    {
        var (builder, url) = Builder(args);
        builder.AddNotifySilo();
        return await StartAsync(builder, url);
    }

    public static async Task<ClusterHost> StartFrontendAsync(string connectionString, string clusterId, string serviceId)
    {
        var (builder, url) = Builder(
        [
            $"--ConnectionStrings:Notify={connectionString}",
            $"--Notify:ClusterId={clusterId}",
            $"--Notify:ServiceId={serviceId}",
            $"--Notify:AdminKey={AdminKey}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        builder.AddNotifyFrontend();
        return await StartAsync(builder, url);
    }

    /// <summary>An HTTP client on this host with the admin key (or <paramref name="bearer"/>).</summary>
    public HttpClient CreateClient(string bearer = AdminKey) => new()
    {
        BaseAddress = BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
    };

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        try
        {
            await _app.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The stream provider's factory is disposed twice by the container and its insert batcher
            // throws the second time (reported to its owner); the host has stopped cleanly by then.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (WebApplicationBuilder Builder, Uri Url) Builder(string[] args)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args, $"--urls={url}"],
            EnvironmentName = Environments.Production,
        });
        return (builder, url);
    }

    private static async Task<ClusterHost> StartAsync(WebApplicationBuilder builder, Uri url)
    {
        builder.Services.AddNotifyApi();
        var app = builder.Build();
        app.MapNotifyApi();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.StartAsync(timeout.Token);
        return new ClusterHost(app, url);
    }
}
