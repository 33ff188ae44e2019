using Microsoft.Extensions.Time.Testing;
using MimeKit.Utils;

namespace OrleansNotify.Mime.Tests;

/// <summary>The factory formats the Date header once per second: the value must still follow the clock.</summary>
public sealed class DateHeaderTests
{
    [Fact]
    public void Create_ClockMovesOnASecond_DateFollows()
    {
        var time = new FakeTimeProvider(Mails.Now);
        var factory = new MimeMessageFactory(time);

        var first = Date(factory);
        time.Advance(TimeSpan.FromMilliseconds(400));
        var sameSecond = Date(factory);
        time.Advance(TimeSpan.FromMilliseconds(700));
        var nextSecond = Date(factory);
        time.Advance(TimeSpan.FromHours(3));
        var later = Date(factory);

        Assert.Equal(DateUtils.FormatDate(Mails.Now), first);
        Assert.Equal(first, sameSecond);
        Assert.Equal(DateUtils.FormatDate(Mails.Now.AddSeconds(1)), nextSecond);
        Assert.Equal(DateUtils.FormatDate(Mails.Now.AddSeconds(1).AddHours(3)), later);
    }

    private static string Date(MimeMessageFactory factory)
    {
        using var email = Assert.Single(factory.Create(Mails.NewMail(Mails.Text("x")), "m1"));
        return email.Message.Headers[MimeKit.HeaderId.Date] ?? string.Empty;
    }
}
