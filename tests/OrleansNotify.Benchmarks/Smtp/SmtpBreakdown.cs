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
        Step("MIME build + dispose", iterations, i => factory.Create(merged, i.ToString(System.Globalization.CultureInfo.InvariantCulture))[0].Message.Dispose());
        Step("MIME build + dispose body", iterations, i =>
        {
            using var message = factory.Create(merged, i.ToString(System.Globalization.CultureInfo.InvariantCulture))[0].Message;
            message.Body?.Dispose();
        });
        Step("MIME build + MimeEmail.Dispose", iterations, i => factory.Create(merged, i.ToString(System.Globalization.CultureInfo.InvariantCulture))[0].Dispose());
        Step("new MimeMessage()", iterations, _ => new MimeMessage());
        // The factory's steps one by one (each disposed, as the notifier does), to see which MimeKit work dominates.
        var date = MimeKit.Utils.DateUtils.FormatDate(DateTimeOffset.UnixEpoch);
        Step("  headers-first ctor", iterations, _ => new MimeMessage(new Header(HeaderId.Date, date), new Header(HeaderId.MessageId, "<x.0@notify.test>"), new Header(HeaderId.Subject, "Benchmark message")).Dispose());
        Step("  + From, To", iterations, _ =>
        {
            using var m = new MimeMessage(new Header(HeaderId.Date, date), new Header(HeaderId.MessageId, "<x.0@notify.test>"), new Header(HeaderId.Subject, "Benchmark message"));
            m.From.Add(new MailboxAddress("Notify", "sender@notify.test"));
            m.To.Add(new MailboxAddress("Alice", "alice@example.test"));
        });
        Step("  + 2 custom headers", iterations, _ =>
        {
            using var m = new MimeMessage(new Header(HeaderId.Date, date), new Header(HeaderId.MessageId, "<x.0@notify.test>"), new Header(HeaderId.Subject, "Benchmark message"));
            m.Headers.Add("Importance", "normal");
            m.Headers.Add("X-Priority", "3 (Normal)");
        });
        Step("  alternative body", iterations, _ =>
        {
            var text = new TextPart("plain");
            text.SetText(System.Text.Encoding.UTF8, "Hello Alice,\nyour order shipped.");
            text.ContentTransferEncoding = ContentEncoding.SevenBit;
            var html = new TextPart("html");
            html.SetText(System.Text.Encoding.UTF8, "<p>Hello <b>Alice</b>, your order shipped.</p>");
            html.ContentTransferEncoding = ContentEncoding.SevenBit;
            using var alternative = new MultipartAlternative { text, html };
        });
        Step("GenerateMessageId()", iterations, _ => MimeKit.Utils.MimeUtils.GenerateMessageId());
        Step("ParserOptions clone", iterations, _ => ParserOptions.Default.Clone());
        Step("TextPart", iterations, _ => new TextPart("plain") { Text = "Hello Alice" });
        var email = factory.Create(merged, "x")[0];
        Step("MIME write (fresh)", iterations, i =>
        {
            using var measure = new MeasuringStream();
            factory.Create(merged, "x")[0].Message.WriteTo(FormatOptions.Default, measure);
        });
        Step("MIME write (fresh, dispose)", iterations, i =>
        {
            using var measure = new MeasuringStream();
            using var message = factory.Create(merged, "x")[0].Message;
            message.WriteTo(FormatOptions.Default, measure);
        });
        Step("MIME write (prebuilt)", iterations, _ =>
        {
            using var measure = new MeasuringStream();
            email.Message.WriteTo(FormatOptions.Default, measure);
        });
    }

    /// <summary>
    /// Wall and process CPU per call (CPU includes the GC and finalizer threads, which a loaded machine
    /// does not hide the way it stretches wall time), and bytes allocated on this thread.
    /// </summary>
    private static void Step(string name, int iterations, Action<int> action)
    {
        for (var i = 0; i < 1000; i++)
        {
            action(i);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            action(i);
        }

        GC.WaitForPendingFinalizers();
        var wall = watch.Elapsed.TotalMicroseconds / iterations;
        process.Refresh();
        var cpuPer = (process.TotalProcessorTime - cpu).TotalMicroseconds / iterations;
        var bytesPer = (GC.GetAllocatedBytesForCurrentThread() - bytes) / iterations;
        Console.WriteLine($"  {name,-28} {wall,8:N1} µs wall {cpuPer,8:N1} µs CPU {bytesPer,8:N0} B");
    }
}
