using Microsoft.Extensions.Time.Testing;
using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Scripted;

/// <summary>Failure paths real servers will not produce on demand, against the scripted server.</summary>
public class FailurePathTests
{
    [Fact]
    public async Task Send_Accepted_SentWithQueueId()
    {
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal("Q1", outcome.ProviderMessageId);
    }

    [Fact]
    public async Task Send_421MidSession_ReconnectsAndSendsOnce()
    {
        await using var server = new ScriptedSmtpServer(c => c is { Connection: 1, Verb: "MAIL" } ? ScriptedReply.Say("421 4.3.2 Service shutting down") : null);
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal(2, server.Connections);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Send_421OnEveryConnection_TransientAfterOneRetry()
    {
        await using var server = new ScriptedSmtpServer(c => c.Verb == "MAIL" ? ScriptedReply.Say("421 4.3.2 Service shutting down") : null);
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.StartsWith("421", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Send_452OnOneRecipient_DeliversToTheOthersAndRecordsIt()
    {
        await using var server = new ScriptedSmtpServer(c => c.Verb == "RCPT" && c.Line.Contains("busy@", StringComparison.Ordinal) ? ScriptedReply.Say("452 4.2.2 Mailbox full") : null);
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test", "busy@example.test", "c@example.test"));

        Assert.Equal(SendResult.Sent, outcome.Result);
        var refused = Assert.Single(outcome.RefusedRecipients!);
        Assert.Equal("busy@example.test", refused.Email);
        Assert.False(refused.Permanent);
        Assert.StartsWith("452", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(1, server.Accepted);
        Assert.Equal(3, server.Count("RCPT"));
    }

    [Fact]
    public async Task Send_550OnEveryRecipient_Permanent()
    {
        await using var server = new ScriptedSmtpServer(c => c.Verb == "RCPT" ? ScriptedReply.Say("550 5.1.1 No such user") : null);
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test", "b@example.test"));
        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Equal(2, outcome.RefusedRecipients!.Count);
        Assert.Equal(0, server.Count("DATA"));
    }

    [Fact]
    public async Task Send_ReplyNamingAWait_TransientWithRetryAt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        await using var server = new ScriptedSmtpServer(c => c.Verb == "MAIL" ? ScriptedReply.Say("451 4.7.1 Greylisted, try again in 120 seconds") : null);
        using var kit = new SmtpTestKit(time);
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.Equal(time.GetUtcNow().AddSeconds(120), outcome.RetryAt);
        Assert.Equal(1, server.Connections); // a 4xx reply keeps the session
    }

    [Fact]
    public async Task Send_DroppedDuringData_ReconnectsAndRetriesOnce()
    {
        await using var server = new ScriptedSmtpServer(c => c is { Connection: 1, Verb: "DATA-END" } ? ScriptedReply.DropConnection : null);
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, server.Count("DATA-END"));
    }

    [Fact]
    public async Task Send_ServerNeverAnswers_TransientWithinTheTimeout()
    {
        await using var server = new ScriptedSmtpServer(c => c.Verb == "CONNECT" ? ScriptedReply.Silence : null);
        using var kit = new SmtpTestKit(timeout: TimeSpan.FromMilliseconds(500));
        var started = TimeProvider.System.GetTimestamp();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Send_Cancelled_StopsWaitingForASilentServer()
    {
        await using var server = new ScriptedSmtpServer(c => c.Verb == "CONNECT" ? ScriptedReply.Silence : null);
        using var kit = new SmtpTestKit(timeout: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var job = SmtpTestKit.Job(SmtpTestKit.Portal(server.Port), SmtpTestKit.Message(SmtpTestKit.Mail("a@example.test")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Smtp.SendAsync(job, cancel.Token));
    }

    [Fact]
    public async Task Send_Data554_Permanent()
    {
        await using var server = new ScriptedSmtpServer(c => c.Verb == "DATA-END" ? ScriptedReply.Say("554 5.7.1 Message rejected as spam") : null);
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Contains("spam", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SizeAdvertisedAndExceeded_PermanentBeforeMailFrom()
    {
        await using var server = new ScriptedSmtpServer(extensions: ["SIZE 2000", "8BITMIME"]);
        using var kit = new SmtpTestKit();
        var mail = SmtpTestKit.Mail("a@example.test") with { Content = [new MailContent { Type = "text/plain", Value = new string('x', 5000) }] };
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), mail);
        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Contains("at most 2,000 (SIZE)", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, server.Count("MAIL"));
    }

    [Fact]
    public async Task Send_AuthRefused_Misconfigured()
    {
        await using var server = new ScriptedSmtpServer(c => c.Verb == "AUTH" ? ScriptedReply.Say("535 5.7.8 Authentication credentials invalid") : null);
        using var kit = new SmtpTestKit();
        var portal = SmtpTestKit.Portal(server.Port, user: "u", password: "wrong", allowPlain: true);
        var outcome = await kit.SendOneAsync(portal, SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.DoesNotContain("wrong", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CredentialsWithoutTls_NeverSendsAuth()
    {
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port, user: "u", password: "secret"), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Equal(0, server.Count("AUTH"));
    }

    [Fact]
    public async Task Send_StartTlsRequiredButNotOffered_MisconfiguredWithoutAuth()
    {
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit();
        var outcome = await kit.SendOneAsync(SmtpTestKit.Portal(server.Port, security: "starttls", user: "u", password: "secret"), SmtpTestKit.Mail("a@example.test"));
        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Equal(0, server.Count("AUTH"));
    }
}
