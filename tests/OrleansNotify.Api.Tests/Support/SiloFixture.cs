using OrleansNotify.Testing.Silo;

namespace OrleansNotify.Api.Tests.Support;

/// <summary>One embedded silo with the HTTP API for the whole collection (see <see cref="EmbeddedSilo{TProgram}"/>).</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly EmbeddedSilo<Program> _silo = new(AdminKey);

    public string PickupRoot => _silo.PickupRoot;

    public Uri BaseAddress => _silo.BaseAddress;

    /// <summary>A client with the admin key.</summary>
    public HttpClient Admin => _silo.Admin;

    public IServiceProvider Services => _silo.Services;

    public Task InitializeAsync()
    {
        _silo.Start();
        return Task.CompletedTask;
    }

    /// <summary>A keep-alive client on the real port, with <paramref name="bearer"/> as its key (or none).</summary>
    public HttpClient CreateClient(string? bearer = null) => _silo.CreateClient(bearer);

    public async Task DisposeAsync() => await _silo.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
