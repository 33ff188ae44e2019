using OrleansNotify.SendGrid;
using OrleansNotify.Testing.Silo;

namespace OrleansNotify.Events.Tests.Support;

/// <summary>
/// The embedded silo (<see cref="EmbeddedSilo{TProgram}"/>) with the SendGrid notifier added next to the
/// pickup one, and RabbitMQ ingress when <paramref name="rabbitMq"/> is given.
/// </summary>
public sealed class EventsSilo(Uri? rabbitMq = null, string? queue = null) : IAsyncDisposable
{
    public const string AdminKey = "events-admin-key-0123456789";

    private readonly EmbeddedSilo<Program> _silo = new(AdminKey, Settings(rabbitMq, queue), services => services.AddSendGridNotifier());

    public string PickupRoot => _silo.PickupRoot;

    public HttpClient Admin => _silo.Admin;

    public IServiceProvider Services => _silo.Services;

    public EventsSilo Start()
    {
        _silo.Start();
        return this;
    }

    public ValueTask DisposeAsync() => _silo.DisposeAsync();

    private static Dictionary<string, string?> Settings(Uri? rabbitMq, string? queue) => rabbitMq is null ? [] : new()
    {
        ["Notify:RabbitMq:Enabled"] = "true",
        ["Notify:RabbitMq:Uri"] = rabbitMq.ToString(),
        ["Notify:RabbitMq:Queue"] = queue,
        ["Notify:RabbitMq:ReconnectDelay"] = "00:00:00.200",
        ["Notify:RabbitMq:MaxReconnectDelay"] = "00:00:01",
    };
}
