using OrleansNotify.Smtp.Outcomes;

namespace OrleansNotify.Smtp.Tests.Unit;

public class SmtpRepliesTests
{
    [Theory]
    [InlineData("2.0.0 Ok: queued as 4F3AB12C9", "4F3AB12C9")]
    [InlineData("OK id=1tqx5R-0003Dk-2a", "1tqx5R-0003Dk-2a")]
    [InlineData("Ok: queued as <abc.def@relay>", "abc.def@relay")]
    [InlineData("2.0.0 OK  1700000000 d2-20020a05", null)]
    [InlineData("", null)]
    public void QueueId_ServerReplies_FindsIdWhenNamed(string reply, string? expected) =>
        Assert.Equal(expected, SmtpReplies.QueueId(reply));

    [Theory]
    [InlineData("4.2.2 Mailbox busy, try again in 30 seconds", 30)]
    [InlineData("4.7.0 Greylisted, please retry in 5 minutes", 300)]
    [InlineData("4.7.1 Rate limited: wait 2 min", 120)]
    [InlineData("4.3.0 Temporary failure", null)]
    public void RequestedWait_ReplyText_ParsesSecondsAndMinutes(string reply, int? seconds) =>
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), SmtpReplies.RequestedWait(reply));
}
