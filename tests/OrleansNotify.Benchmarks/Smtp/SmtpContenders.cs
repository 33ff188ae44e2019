using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Mail;
using OrleansNotify.Mime;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>One way of sending the workload: <see cref="Workers"/> loops calling <see cref="Once"/>, which sends <see cref="MessagesPerCall"/>.</summary>
internal sealed record SmtpPath(string Name, int Workers, Func<int, CancellationToken, Task> Once, int MessagesPerCall = 1);

/// <summary>
/// The in-process contenders, in the order they are reported: the sender grain (the measured path), the
/// notifier called directly (the grain call's share, by difference) and the bare MailKit loop on
/// pre-built messages (the limit). The bare clients stay connected for the whole run.
/// </summary>
internal sealed class SmtpContenders : IAsyncDisposable
{
    public const int Grain1 = 0, Grain1TwoInFlight = 1, GrainPool = 2, Grain1Jobs = 3, Notifier1 = 4, NotifierPool = 5, Bare1 = 6, BarePool = 7;

    /// <summary>Messages per job in the batched row (the portal's <c>SenderOptions.BatchSizes</c> for the kind).</summary>
    public const int JobSize = 8;

    private readonly SmtpClient[] clients;

    private SmtpContenders(SmtpClient[] clients, IReadOnlyList<SmtpPath> paths)
    {
        this.clients = clients;
        Paths = paths;
    }

    public IReadOnlyList<SmtpPath> Paths { get; }

    public static async Task<SmtpContenders> CreateAsync(SmtpSilo silo, int port, int pool)
    {
        var one = SmtpWorkload.Portal(port, 1);
        var pooled = SmtpWorkload.Portal(port, pool);
        var sender = silo.Sender(NotifierKinds.Smtp);
        var notifier = silo.Services.GetRequiredKeyedService<INotifier>(NotifierKinds.Smtp);
        var factory = new MimeMessageFactory(TimeProvider.System);
        var merged = SmtpWorkload.Mail.ApplyPortal("bench", "0", new PortalDefaults());
        var prebuilt = Enumerable.Range(0, 256).Select(i => factory.Create(merged, i.ToString(CultureInfo.InvariantCulture))[0]).ToArray();
        var clients = new SmtpClient[pool];
        for (var i = 0; i < pool; i++)
        {
            clients[i] = new SmtpClient();
            await clients[i].ConnectAsync("127.0.0.1", port, SecureSocketOptions.None).ConfigureAwait(false);
        }

        long ids = 0;
        var next = -1;
        async Task Grain(PortalConfig portal, int messages = 1)
        {
            // What the portal grain does: one job per call, no cancellation token (it bounds the wait itself).
            var outcomes = await sender.SendAsync(SmtpWorkload.Job(portal, Interlocked.Add(ref ids, messages), messages)).ConfigureAwait(false);
            SmtpWorkload.EnsureSent(outcomes);
        }

        async Task Notify(PortalConfig portal, CancellationToken ct) =>
            SmtpWorkload.EnsureSent(await notifier.SendAsync(SmtpWorkload.Job(portal, Interlocked.Increment(ref ids)), ct).ConfigureAwait(false));

        Task Bare(SmtpClient client, CancellationToken ct)
        {
            var email = prebuilt[(Interlocked.Increment(ref next) & int.MaxValue) % prebuilt.Length];
            return client.SendAsync(email.Message, email.Message.From.Mailboxes.First(), email.Recipients, ct);
        }

        return new SmtpContenders(clients,
        [
            new("sender grain, 1 connection", 1, (_, _) => Grain(one)),
            // Two jobs on one connection, as a portal with two jobs in flight: one builds while the other is on the wire.
            new("sender grain, 1 connection, 2 jobs in flight", 2, (_, _) => Grain(one)),
            new($"sender grain, pool of {pool}", pool * 2, (_, _) => Grain(pooled)),
            // A portal configured to hand SMTP jobs of several messages: the notifier builds the next while one is on the wire.
            new($"sender grain, 1 connection, jobs of {JobSize}", 1, (_, _) => Grain(one, JobSize), JobSize),
            new("  notifier without grain, 1 connection", 1, (_, ct) => Notify(one, ct)),
            new($"  notifier without grain, pool of {pool}", pool * 2, (_, ct) => Notify(pooled, ct)),
            new("bare MailKit, 1 connection", 1, (_, ct) => Bare(clients[0], ct)),
            new($"bare MailKit, {pool} connections", pool, (w, ct) => Bare(clients[w], ct)),
        ]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.DisconnectAsync(true).ConfigureAwait(false);
            client.Dispose();
        }
    }
}
