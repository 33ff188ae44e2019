using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansNotify.Api.Tests.Support;

/// <summary>
/// One silo with the HTTP API for the whole collection: Kestrel on 127.0.0.1 (a free port), Orleans on
/// free silo and gateway ports, a known admin key, pickup folders under a temporary root.
/// </summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly SiloFactory _factory = new();

    public string PickupRoot { get; } = Directory.CreateTempSubdirectory("notify-api-tests-").FullName;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client with the admin key.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        Admin = CreateClient(AdminKey);
        BaseAddress = Admin.BaseAddress!;
        return Task.CompletedTask;
    }

    /// <summary>A keep-alive client on the real port, with <paramref name="bearer"/> as its key (or none).</summary>
    public HttpClient CreateClient(string? bearer = null)
    {
        var client = _factory.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(PickupRoot, recursive: true);
        }
        catch (IOException)
        {
            // A pickup file still being renamed into place; the temp folder is cleaned by the OS later.
        }
    }

    private sealed class SiloFactory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Notify:AdminKey", AdminKey);
            builder.UseSetting("Notify:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Notify:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
