using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using OrleansNotify.Notifiers;
using OrleansNotify.Smtp.Connections;
using OrleansNotify.Smtp.Outcomes;

namespace OrleansNotify.Smtp.Tests.Unit;

public class SmtpOutcomesTests
{
    [Theory]
    [InlineData(421, SendResult.Transient, true)]
    [InlineData(451, SendResult.Transient, false)]
    [InlineData(452, SendResult.Transient, false)]
    [InlineData(535, SendResult.Misconfigured, false)]
    [InlineData(550, SendResult.Permanent, false)]
    [InlineData(554, SendResult.Permanent, false)]
    public void FromReply_StatusCode_MapsToResult(int code, SendResult expected, bool broken)
    {
        var failure = SmtpOutcomes.FromReply(code, "reply");
        Assert.Equal(expected, failure.Result);
        Assert.Equal(broken, failure.ConnectionBroken);
    }

    [Fact]
    public void Classify_BrokenSessions_AreConnectionLoss()
    {
        Assert.True(SmtpOutcomes.Classify(new ServiceNotConnectedException()).ConnectionLost);
        Assert.True(SmtpOutcomes.Classify(new SmtpProtocolException("bad")).ConnectionLost);
        Assert.True(SmtpOutcomes.Classify(new IOException("reset")).ConnectionLost);
    }

    [Fact]
    public void Classify_AuthAndSize_AreMisconfiguredAndPermanent()
    {
        Assert.Equal(SendResult.Misconfigured, SmtpOutcomes.Classify(new AuthenticationException("535")).Result);
        Assert.Equal(SendResult.Misconfigured, SmtpOutcomes.Classify(new PlainTextAuthRefusedException()).Result);
        var size = SmtpOutcomes.Classify(new SmtpMessageTooLargeException(2_000, 1_000));
        Assert.Equal(SendResult.Permanent, size.Result);
        Assert.Contains("SIZE", size.Detail, StringComparison.Ordinal);
    }
}
