extern alias silo;

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Api;
using silo::OrleansNotify.Silo.Hosting;

namespace OrleansNotify.Benchmarks.EndToEnd;

/// <summary>
/// An embedded silo in this process, built by the same <c>AddNotifySilo</c> as the real host (real
/// notifiers, memory streams), with the HTTP API on a loopback port. Extra settings tune one phase.
/// </summary>
internal sealed class EndToEndSilo : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789";

    private readonly WebApplication _app;

    private EndToEndSilo(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<EndToEndSilo> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Notify:AdminKey"] = AdminKey,
            ["Notify:SiloPort"] = FreePort(),
            ["Notify:GatewayPort"] = FreePort(),
            ["Logging:LogLevel:Default"] = "Warning",
            [WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0",
        });
        builder.AddNotifySilo();
        builder.Services.AddNotifyApi();
        var app = builder.Build();
        app.MapNotifyApi();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EndToEndSilo(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
