using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansNotify.Mail;
using OrleansNotify.Mime.Pickup;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Mime.Tests.Pickup;

/// <summary>A private folder per test class instance, removed afterwards, and job builders.</summary>
public abstract class PickupTestBase : IDisposable
{
    protected PickupTestBase()
    {
        Root = Path.Combine(Path.GetTempPath(), $"pickup-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
        Folder = Path.Combine(Root, "outbox");
        Notifier = new PickupNotifier(Mails.Factory(), NullLogger<PickupNotifier>.Instance);
    }

    protected string Root { get; }
    protected string Folder { get; }
    protected PickupNotifier Notifier { get; }

    protected static PortalConfig Portal(string? folder, PortalDefaults? defaults = null) => new()
    {
        DisplayName = "Pickup portal",
        Notifier = new NotifierConfig { Kind = NotifierKinds.Pickup, Folder = folder },
        Defaults = defaults ?? new PortalDefaults(),
    };

    protected static SendJob Job(PortalConfig portal, params (string Id, MailSendRequest Mail)[] messages) => new()
    {
        PortalId = "portal-1",
        Portal = portal,
        Messages = messages.Select(m => new OutboundMessage
        {
            MessageId = m.Id,
            Body = JsonSerializer.SerializeToUtf8Bytes(m.Mail, MailJsonContext.Default.MailSendRequest),
        }).ToArray(),
    };

    /// <summary>Every file of the folder by name, hidden temporary files included.</summary>
    protected string[] FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray() : [];

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
