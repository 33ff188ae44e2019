using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.SendGrid;
using OrleansNotify.Testing.SendGrid;
using Sdk = global::SendGrid;

namespace OrleansNotify.Benchmarks.SendGrid;

/// <summary>
/// <c>sendgrid --breakdown</c>: one thread, no network (an in-memory 202), the CPU (of the process: a loaded machine stretches wall time, not this) and allocations of each step of a single-message send, so a regression shows which step grew.
/// </summary>
internal static class SendGridBreakdown
{
    public static async Task RunAsync(int iterations)
    {
        var portal = SendGridWorkload.Portal("http://127.0.0.1:1", FakeSendGridServer.DefaultApiKey);
        var message = SendGridWorkload.Message(1);
        var mail = JsonSerializer.Deserialize(message.Body, MailJsonContext.Default.MailSendRequest)!;
        var merged = mail.ApplyPortal(SendGridWorkload.PortalId, message.MessageId, SendGridWorkload.Defaults);
        var json = JsonSerializer.Serialize(merged, MailJsonContext.Default.MailSendRequest);
        var sdk = new Sdk.SendGridClient(new HttpClient(new StubSendGridHandler()), new Sdk.SendGridClientOptions { ApiKey = FakeSendGridServer.DefaultApiKey, Host = "http://127.0.0.1:1" });
        using var bare = new HttpClient(new StubSendGridHandler());
        var collection = new ServiceCollection().AddLogging().AddSendGridNotifier();
        collection.AddHttpClient(SendGridNotifierOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new StubSendGridHandler());
        await using var services = collection.BuildServiceProvider();
        var notifier = services.GetRequiredKeyedService<INotifier>(NotifierKinds.SendGrid);
        var job = SendGridWorkload.Job(portal, 1, 1);
        var batchJob = SendGridWorkload.Job(portal, 0, 500);
        var bytes = SendGridWorkload.SingleBody(1);

        Console.WriteLine($"breakdown, one thread, {iterations} iterations, in-memory 202:");
        Measure("parse body", iterations, () => { JsonSerializer.Deserialize(message.Body, MailJsonContext.Default.MailSendRequest); return Task.CompletedTask; });
        Measure("portal merge", iterations, () => { mail.ApplyPortal(SendGridWorkload.PortalId, message.MessageId, SendGridWorkload.Defaults); return Task.CompletedTask; });
        Measure("serialise", iterations, () => { JsonSerializer.Serialize(merged, MailJsonContext.Default.MailSendRequest); return Task.CompletedTask; });
        Measure("bare HttpClient POST", iterations, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v3/mail/send") { Content = new ByteArrayContent(bytes) };
            using var response = await bare.SendAsync(request).ConfigureAwait(false);
        });
        Measure("SDK RequestAsync", iterations, () => sdk.RequestAsync(Sdk.BaseClient.Method.POST, json, urlPath: "mail/send"));
        Measure("notifier, 1 message", iterations, () => notifier.SendAsync(job, CancellationToken.None));
        Measure("notifier, 500 batched (per msg)", Math.Max(1, iterations / 500), () => notifier.SendAsync(batchJob, CancellationToken.None), perCall: 500);
    }

    private static void Measure(string name, int iterations, Func<Task> step, int perCall = 1)
    {
        for (var i = 0; i < Math.Min(iterations, 3000); i++)
        {
            step().GetAwaiter().GetResult();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            step().GetAwaiter().GetResult();
        }

        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        var per = (double)iterations * perCall;
        Console.WriteLine($"  {name,-32} {used.TotalMicroseconds / per,8:N2} µs CPU {(GC.GetAllocatedBytesForCurrentThread() - allocated) / per,9:N0} B");
    }
}
