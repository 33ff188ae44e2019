using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansNotify.Testing.Silo;

/// <summary>
/// The real silo program, in process, for a test collection: Kestrel on a free loopback port, Orleans on
/// free silo and gateway ports, a known admin key, warnings-only logs and a temporary pickup root.
/// Generic over the entry point so this library need not reference the silo (the benchmarks, which
/// reference it under an alias, would otherwise see two <c>Program</c> types): tests pass their
/// <c>Program</c>.
/// </summary>
public sealed class EmbeddedSilo<TProgram> : IAsyncDisposable
    where TProgram : class
{
    private readonly Factory _factory;

    /// <param name="adminKey">Notify:AdminKey, and the key of <see cref="Admin"/>.</param>
    /// <param name="settings">More configuration (key → value) on top of the defaults above.</param>
    /// <param name="testServices">Service changes applied after the program's own registrations.</param>
    public EmbeddedSilo(string adminKey, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
    {
        AdminKey = adminKey;
        _factory = new Factory(adminKey, settings ?? new Dictionary<string, string?>(), testServices);
    }

    public string AdminKey { get; }

    public string PickupRoot { get; } = Directory.CreateTempSubdirectory("notify-silo-tests-").FullName;

    /// <summary>A client with the admin key; valid after <see cref="Start"/>.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public Uri BaseAddress => Admin.BaseAddress!;

    public IServiceProvider Services => _factory.Services;

    public void Start()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        Admin = CreateClient(AdminKey);
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

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(PickupRoot, recursive: true);
        }
        catch (IOException)
        {
            // A pickup file still being renamed into place; the OS cleans its temp folder later.
        }
    }

    private sealed class Factory(string adminKey, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices)
        : WebApplicationFactory<TProgram>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Notify:AdminKey", adminKey);
            builder.UseSetting("Notify:SiloPort", LoopbackPort.Free());
            builder.UseSetting("Notify:GatewayPort", LoopbackPort.Free());
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (testServices is not null)
            {
                builder.ConfigureTestServices(testServices);
            }
        }
    }
}
