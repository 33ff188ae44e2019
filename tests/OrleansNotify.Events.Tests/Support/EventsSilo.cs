using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using OrleansNotify.SendGrid;

namespace OrleansNotify.Events.Tests.Support;

/// <summary>
/// The real silo program on loopback (Kestrel on a free port, Orleans on free ports), with the SendGrid
/// notifier added next to the pickup one, and RabbitMQ ingress when <paramref name="rabbitMq"/> is given.
/// </summary>
public sealed class EventsSilo(Uri? rabbitMq = null, string? queue = null) : IAsyncDisposable
{
    public const string AdminKey = "events-admin-key-0123456789";

    private readonly Factory _factory = new(rabbitMq, queue);

    public string PickupRoot { get; } = Directory.CreateTempSubdirectory("notify-events-tests-").FullName;

    public HttpClient Admin { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public EventsSilo Start()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        Admin = _factory.CreateClient();
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(PickupRoot, recursive: true);
        }
        catch (IOException)
        {
            // a pickup file still being moved into place
        }
    }

    private sealed class Factory(Uri? rabbitMq, string? queue) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Notify:AdminKey", AdminKey);
            builder.UseSetting("Notify:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Notify:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            if (rabbitMq is not null)
            {
                builder.UseSetting("Notify:RabbitMq:Enabled", "true");
                builder.UseSetting("Notify:RabbitMq:Uri", rabbitMq.ToString());
                builder.UseSetting("Notify:RabbitMq:Queue", queue);
                builder.UseSetting("Notify:RabbitMq:ReconnectDelay", "00:00:00.200");
                builder.UseSetting("Notify:RabbitMq:MaxReconnectDelay", "00:00:01");
            }

            builder.ConfigureTestServices(services => services.AddSendGridNotifier());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
