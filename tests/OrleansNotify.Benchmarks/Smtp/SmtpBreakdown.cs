using System.Diagnostics;
using System.Text.Json;
using MimeKit;
using MimeKit.IO;
using OrleansNotify.Mail;
using OrleansNotify.Mime;
using OrleansNotify.Portals;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary><c>smtp --breakdown</c>: microseconds per message for each step the notifier adds before the wire.</summary>
internal static class SmtpBreakdown
{
    public static void Run(int iterations)
    {
        var factory = new MimeMessageFactory(TimeProvider.System);
        var defaults = new PortalDefaults();
        Step("JSON parse", iterations, _ => JsonSerializer.Deserialize(SmtpWorkload.Body, MailJsonContext.Default.MailSendRequest));
        var mail = JsonSerializer.Deserialize(SmtpWorkload.Body, MailJsonContext.Default.MailSendRequest)!;
        Step("portal merge", iterations, i => mail.ApplyPortal("bench", i.ToString(System.Globalization.CultureInfo.InvariantCulture), defaults));
        var merged = mail.ApplyPortal("bench", "x", defaults);
        Step("MIME build", iterations, i => factory.Create(merged, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Step("new MimeMessage()", iterations, _ => new MimeMessage());
        Step("GenerateMessageId()", iterations, _ => MimeKit.Utils.MimeUtils.GenerateMessageId());
        Step("ParserOptions clone", iterations, _ => ParserOptions.Default.Clone());
        Step("TextPart", iterations, _ => new TextPart("plain") { Text = "Hello Alice" });
        var email = factory.Create(merged, "x")[0];
        Step("MIME write (fresh)", iterations, i =>
        {
            using var measure = new MeasuringStream();
            factory.Create(merged, "x")[0].Message.WriteTo(FormatOptions.Default, measure);
        });
        Step("MIME write (prebuilt)", iterations, _ =>
        {
            using var measure = new MeasuringStream();
            email.Message.WriteTo(FormatOptions.Default, measure);
        });
    }

    private static void Step(string name, int iterations, Action<int> action)
    {
        for (var i = 0; i < 1000; i++)
        {
            action(i);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            action(i);
        }

        Console.WriteLine($"  {name,-24} {watch.Elapsed.TotalMicroseconds / iterations,8:N1} µs");
    }
}
