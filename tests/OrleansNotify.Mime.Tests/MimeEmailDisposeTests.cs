using MimeKit;
using MimeKit.IO;
using Microsoft.Extensions.Time.Testing;

namespace OrleansNotify.Mime.Tests;

/// <summary>Disposing an email releases its whole tree (MimeMessage.Dispose alone leaves the body) and nothing of its siblings.</summary>
public sealed class MimeEmailDisposeTests
{
    [Fact]
    public void Dispose_Email_ReleasesItsParts()
    {
        var email = Build(1)[0];
        var parts = email.Message.BodyParts.OfType<MimePart>().ToArray();

        email.Dispose();

        Assert.NotEmpty(parts);
        // A disposed part has let go of its content: no content, or a stream that can no longer be read.
        Assert.DoesNotContain(parts, part => part.Content?.Stream is { CanRead: true });
    }

    [Fact]
    public void Dispose_OneEmailOfAMessage_LeavesTheOthersWritable()
    {
        var emails = Build(2);

        emails[0].Dispose();

        using var measure = new MeasuringStream();
        emails[1].Message.WriteTo(FormatOptions.Default, measure);
        Assert.True(measure.Length > 1_000, $"only {measure.Length} bytes written");
        emails[1].Dispose();
    }

    private static IReadOnlyList<MimeEmail> Build(int personalizations)
    {
        var mail = Mails.NewMail(Mails.Text("see attached"), Mails.Html("<p>see attached</p>")) with
        {
            Personalizations = Enumerable.Range(0, personalizations).Select(i => Mails.To($"r{i}@example.org")).ToArray(),
            Attachments = [Mails.Attachment(Mails.RandomBytes(2_000), "application/octet-stream", "a.bin")],
        };
        return new MimeMessageFactory(new FakeTimeProvider(Mails.Now)).Create(mail, "msg-1");
    }
}
