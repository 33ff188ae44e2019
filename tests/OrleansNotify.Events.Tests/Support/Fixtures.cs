namespace OrleansNotify.Events.Tests.Support;

/// <summary>A silo without RabbitMQ, for the HTTP tests.</summary>
public sealed class HttpSiloFixture : IAsyncLifetime
{
    public EventsSilo Silo { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Silo = new EventsSilo().Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>A RabbitMQ node and a silo consuming a queue of its own on it.</summary>
public sealed class RabbitSiloFixture : IAsyncLifetime
{
    public RabbitMqBroker Broker { get; } = new();

    public string Queue { get; } = $"events-{Guid.NewGuid():N}";

    public EventsSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Broker.InitializeAsync();
        Silo = new EventsSilo(Broker.Uri, Queue).Start();
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HttpCollection : ICollectionFixture<HttpSiloFixture>
{
    public const string Name = "events-http";
}

[CollectionDefinition(Name)]
public sealed class RabbitCollection : ICollectionFixture<RabbitSiloFixture>
{
    public const string Name = "events-rabbitmq";
}
