using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using OrleansNotify.Mail;
using OrleansNotify.Mime;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>
/// <c>smtp --interleaved [--rounds 6] [--slice-ms 500]</c>: the notifier and bare MailKit take turns in
/// short slices, round after round, so load from other processes falls on every path alike (sequential
/// phases on this shared machine let one load swing decide a ratio).
/// </summary>
internal static class SmtpInterleaved
{
    public static async Task RunAsync(INotifier notifier, int port, int pool, int rounds, TimeSpan slice)
    {
        var one = SmtpWorkload.Portal(port, 1);
        var pooled = SmtpWorkload.Portal(port, pool);
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
        Task Notify(PortalConfig portal, CancellationToken ct) => SmtpLoadCommand.SendAsync(notifier, portal, Interlocked.Increment(ref ids), ct);
        Task Bare(SmtpClient client, CancellationToken ct)
        {
            var email = prebuilt[(Interlocked.Increment(ref next) & int.MaxValue) % prebuilt.Length];
            return client.SendAsync(email.Message, email.Message.From.Mailboxes.First(), email.Recipients, ct);
        }

        var paths = new (string Name, int Workers, Func<int, CancellationToken, Task> Once)[]
        {
            ("notifier, 1 connection", 1, (_, ct) => Notify(one, ct)),
            ("notifier, 1 connection, 2 jobs in flight", 2, (_, ct) => Notify(one, ct)),
            ("bare MailKit, 1 connection", 1, (_, ct) => Bare(clients[0], ct)),
            ($"notifier, pool of {pool}", pool * 2, (_, ct) => Notify(pooled, ct)),
            ($"bare MailKit, {pool} connections", pool, (w, ct) => Bare(clients[w], ct)),
        };
        var done = new long[paths.Length];
        var seconds = new double[paths.Length];
        for (var round = -1; round < rounds; round++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                var count = await SmtpLoadCommand.RunAsync(paths[i].Workers, slice, paths[i].Once).ConfigureAwait(false);
                if (round >= 0)
                {
                    // Round -1 warms every path up and is not counted.
                    done[i] += count;
                    seconds[i] += watch.Elapsed.TotalSeconds;
                }
            }
        }

        foreach (var client in clients)
        {
            await client.DisconnectAsync(true).ConfigureAwait(false);
            client.Dispose();
        }

        double Rate(int i) => done[i] / seconds[i];
        Console.WriteLine($"SMTP interleaved: {rounds} rounds of {slice.TotalMilliseconds} ms slices per path, {Environment.ProcessorCount} cores");
        for (var i = 0; i < paths.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {paths[i].Name,-42} {Rate(i),10:N0} msgs/s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  notifier/bare, 1 connection {Rate(0) / Rate(2):N2}x, 2 in flight {Rate(1) / Rate(2):N2}x (target >= 0.75); pool {Rate(3):N0}/s, pool/bare {pool} connections {Rate(3) / Rate(4):N2}x"));
    }
}
