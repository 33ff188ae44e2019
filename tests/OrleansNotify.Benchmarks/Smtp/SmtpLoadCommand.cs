using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OrleansNotify.Mail;
using OrleansNotify.Mime;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>
/// <c>dotnet run -c Release --project tests/OrleansNotify.Benchmarks -- smtp [--seconds 5] [--pool 8]</c>:
/// messages/s to a local sink answering 250, in one run: the notifier on one connection and with its
/// pool (JSON parse, portal merge, MIME build, pool, outcome mapping), a bare MailKit loop with
/// pre-built messages on one and on <c>--pool</c> connections, System.Net.Mail (a connection per
/// message) and nodemailer's pooled transport.
/// </summary>
internal static class SmtpLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = TimeSpan.FromSeconds(Option(args, "--seconds", 5));
        var pool = Option(args, "--pool", 8);
        if (args.Contains("--breakdown"))
        {
            SmtpBreakdown.Run(Option(args, "--iterations", 20_000));
            return 0;
        }

        await using var sink = new SmtpSink();
        Console.WriteLine($"SMTP load: sink on 127.0.0.1:{sink.Port}, {seconds.TotalSeconds} s per phase (System.Net.Mail 2 s), pool {pool}, {Environment.ProcessorCount} cores");

        await using var services = new ServiceCollection().AddLogging().AddSmtpNotifiers().BuildServiceProvider();
        var notifier = services.GetRequiredKeyedService<INotifier>(NotifierKinds.Smtp);
        if (args.Contains("--interleaved"))
        {
            await SmtpInterleaved.RunAsync(notifier, sink.Port, pool, Option(args, "--rounds", 6), TimeSpan.FromMilliseconds(Option(args, "--slice-ms", 500)));
            return 0;
        }

        var one = SmtpWorkload.Portal(sink.Port, 1);
        var pooled = SmtpWorkload.Portal(sink.Port, pool);
        long ids = 0;

        var results = new List<(string Name, double PerSecond)>
        {
            ("notifier, 1 connection", await MeasureAsync(1, seconds, ct => SendAsync(notifier, one, Interlocked.Increment(ref ids), ct))),
            // Two jobs in flight on the same single connection: one builds its MIME while the other holds the connection.
            ("notifier, 1 connection, 2 jobs in flight", await MeasureAsync(2, seconds, ct => SendAsync(notifier, one, Interlocked.Increment(ref ids), ct))),
            ($"notifier, pool of {pool}", await MeasureAsync(pool * 2, seconds, ct => SendAsync(notifier, pooled, Interlocked.Increment(ref ids), ct))),
            ("bare MailKit, 1 connection", await BareMailKitAsync(sink.Port, 1, seconds)),
            ($"bare MailKit, {pool} connections", await BareMailKitAsync(sink.Port, pool, seconds)),
            ("System.Net.Mail (connects per message)", await SystemNetMailAsync(sink.Port, TimeSpan.FromSeconds(2))),
            ($"nodemailer pool ({pool} connections)", await NodemailerAsync(sink.Port, seconds, pool)),
        };

        foreach (var (name, perSecond) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-42} {perSecond,10:N0} msgs/s"));
        }

        double Rate(int i) => results[i].PerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  notifier/bare (1 connection) {Rate(0) / Rate(3):N2}x, 2 in flight {Rate(1) / Rate(3):N2}x (target >= 0.75); pool {Rate(2):N0}/s (target >= 8,000), pool/bare {pool} connections {Rate(2) / Rate(4):N2}x; vs System.Net.Mail {Rate(2) / Rate(5):N0}x (>= 100); vs nodemailer {Rate(2) / Rate(6):N1}x (>= 2)"));
        Console.WriteLine($"  sink received {sink.Messages:N0} messages in all");
        return 0;
    }

    internal static async Task SendAsync(INotifier notifier, PortalConfig portal, long n, CancellationToken cancellationToken)
    {
        var outcomes = await notifier.SendAsync(SmtpWorkload.Job(portal, n), cancellationToken).ConfigureAwait(false);
        if (outcomes[0].Result != SendResult.Sent)
        {
            throw new InvalidOperationException($"not sent: {outcomes[0].Result} {outcomes[0].Detail}");
        }
    }

    private static async Task<double> BareMailKitAsync(int port, int connections, TimeSpan duration)
    {
        var factory = new MimeMessageFactory(TimeProvider.System);
        var merged = SmtpWorkload.Mail.ApplyPortal("bench", "0", new PortalDefaults());
        var prebuilt = Enumerable.Range(0, 256).Select(i => factory.Create(merged, i.ToString(CultureInfo.InvariantCulture))[0]).ToArray();
        var clients = new SmtpClient[connections];
        for (var i = 0; i < connections; i++)
        {
            clients[i] = new SmtpClient();
            await clients[i].ConnectAsync("127.0.0.1", port, SecureSocketOptions.None).ConfigureAwait(false);
        }

        var next = -1;
        try
        {
            return await MeasureAsync(connections, duration, async (worker, ct) =>
            {
                var email = prebuilt[(Interlocked.Increment(ref next) & int.MaxValue) % prebuilt.Length];
                await clients[worker].SendAsync(email.Message, email.Message.From.Mailboxes.First(), email.Recipients, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisconnectAsync(true).ConfigureAwait(false);
                client.Dispose();
            }
        }
    }

    private static Task<double> SystemNetMailAsync(int port, TimeSpan duration) =>
        MeasureAsync(1, duration, async ct =>
        {
            // The baseline the issue quotes: System.Net.Mail opens a connection for every message.
            using var client = new System.Net.Mail.SmtpClient("127.0.0.1", port);
            using var message = new System.Net.Mail.MailMessage("sender@notify.test", "alice@example.test", "Benchmark message", "Hello Alice,\nyour order shipped.");
            await client.SendMailAsync(message, ct).ConfigureAwait(false);
        }, warmup: TimeSpan.FromMilliseconds(200));

    private static async Task<double> NodemailerAsync(int port, TimeSpan duration, int connections)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Smtp", "nodemailer-pool.js");
        var start = new ProcessStartInfo("node", [script, port.ToString(CultureInfo.InvariantCulture), duration.TotalSeconds.ToString(CultureInfo.InvariantCulture), connections.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NODE_PATH"] = Environment.GetEnvironmentVariable("NOTIFY_NODE_MODULES") is { Length: > 0 } modules
            ? modules
            : Path.GetFullPath(Path.Combine(FindRepoRoot(), "tests", "node", "node_modules"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"  nodemailer failed: {error}");
            return double.NaN;
        }

        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("sent").GetDouble() / json.RootElement.GetProperty("seconds").GetDouble();
    }

    /// <summary>The source tree this was built from (tests/node holds the npm peers).</summary>
    private static string FindRepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static Task<double> MeasureAsync(int workers, TimeSpan duration, Func<CancellationToken, Task> once, TimeSpan? warmup = null) =>
        MeasureAsync(workers, duration, (_, ct) => once(ct), warmup);

    /// <summary>Runs <paramref name="workers"/> loops for a warm-up second, then counts completions for the duration.</summary>
    private static async Task<double> MeasureAsync(int workers, TimeSpan duration, Func<int, CancellationToken, Task> once, TimeSpan? warmup = null)
    {
        await RunAsync(workers, warmup ?? TimeSpan.FromSeconds(1), once).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var done = await RunAsync(workers, duration, once).ConfigureAwait(false);
        return done / watch.Elapsed.TotalSeconds;
    }

    internal static async Task<long> RunAsync(int workers, TimeSpan duration, Func<int, CancellationToken, Task> once)
    {
        long done = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var cancel = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await once(w, cancel.Token).ConfigureAwait(false);
                Interlocked.Increment(ref done);
            }
        }))).ConfigureAwait(false);
        return done;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
