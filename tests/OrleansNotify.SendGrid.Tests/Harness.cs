using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.SendGrid.Tests;

/// <summary>A fake SendGrid on loopback and the notifier as a silo registers it, with driven time.</summary>
public sealed class Harness : IAsyncDisposable
{
    private Harness(FakeSendGridServer server, ServiceProvider services, FakeTimeProvider time)
    {
        Server = server;
        Services = services;
        Time = time;
        Notifier = services.GetRequiredKeyedService<INotifier>(NotifierKinds.SendGrid);
    }

    public FakeSendGridServer Server { get; }
    public ServiceProvider Services { get; }
    public FakeTimeProvider Time { get; }
    public INotifier Notifier { get; }

    public static async Task<Harness> StartAsync(Action<SendGridNotifierOptions>? configure = null)
    {
        var server = await FakeSendGridServer.StartAsync();
        // Start at real "now" so reset times in headers look like SendGrid's.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSendGridNotifier(configure)
            .BuildServiceProvider();
        return new Harness(server, services, time);
    }

    public PortalConfig Portal(string apiKey = FakeSendGridServer.DefaultApiKey, PortalDefaults? defaults = null, string? baseUrl = null) => new()
    {
        Notifier = new NotifierConfig { Kind = NotifierKinds.SendGrid, ApiKey = apiKey, BaseUrl = baseUrl ?? Server.BaseUrl },
        Defaults = defaults ?? new PortalDefaults(),
    };

    public Task<IReadOnlyList<SendOutcome>> SendAsync(PortalConfig portal, params MailSendRequest[] mails) =>
        SendAsync("portal-1", portal, mails);

    public Task<IReadOnlyList<SendOutcome>> SendAsync(string portalId, PortalConfig portal, params MailSendRequest[] mails) =>
        Notifier.SendAsync(Job(portalId, portal, mails), CancellationToken.None);

    public static SendJob Job(string portalId, PortalConfig portal, IEnumerable<MailSendRequest> mails) => new()
    {
        PortalId = portalId,
        Portal = portal,
        Messages = mails.Select((m, i) => Message($"msg-{i:D5}", m)).ToArray(),
    };

    public static OutboundMessage Message(string id, MailSendRequest mail) =>
        new() { MessageId = id, Body = JsonSerializer.SerializeToUtf8Bytes(mail, MailJsonContext.Default.MailSendRequest) };

    /// <summary>A valid message: one personalization per recipient list given.</summary>
    public static MailSendRequest Mail(string to = "someone@example.com", string subject = "Hello", params string[] cc) => new()
    {
        Personalizations = [new Personalization
        {
            To = [new EmailAddress { Email = to }],
            Cc = cc.Length == 0 ? null : cc.Select(c => new EmailAddress { Email = c }).ToArray(),
        }],
        From = new EmailAddress { Email = "sender@example.org", Name = "Sender" },
        Subject = subject,
        Content = [new MailContent { Type = "text/plain", Value = "Hi there" }],
    };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
