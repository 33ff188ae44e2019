using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.SendGrid.Tests;

public sealed class SendOutcomeTests
{
    [Fact]
    public async Task SendAsync_Accepted_ReturnsSentWithXMessageId()
    {
        await using var h = await Harness.StartAsync();

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail()));

        var request = Assert.Single(h.Server.MailSends);
        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal("msg-00000", outcome.MessageId);
        Assert.Equal(request.MessageId, outcome.ProviderMessageId);
        Assert.Equal(202, request.Status);
        Assert.Equal($"Bearer {FakeSendGridServer.DefaultApiKey}", request.Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_SandboxPortal_ReturnsSandboxed()
    {
        await using var h = await Harness.StartAsync();

        var outcome = Assert.Single(await h.SendAsync(h.Portal(defaults: new PortalDefaults { SandboxMode = true }), Harness.Mail()));

        Assert.Equal(SendResult.Sandboxed, outcome.Result);
        Assert.Equal(200, Assert.Single(h.Server.MailSends).Status);
    }

    [Fact]
    public async Task SendAsync_InvalidBody_ReturnsPermanentNamingSendGridsFields()
    {
        await using var h = await Harness.StartAsync();
        var mail = Harness.Mail() with { Subject = null, Content = null };

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), mail));

        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Contains("400", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("subject: ", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("content: ", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_UnknownKey_ReturnsMisconfiguredWithoutTheKey()
    {
        await using var h = await Harness.StartAsync();

        var outcome = Assert.Single(await h.SendAsync(h.Portal("SG.wrong-secret"), Harness.Mail()));

        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Contains("401", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_KeyWithoutMailSendScope_ReturnsMisconfigured()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AddKey("SG.read-only", "stats.read");

        var outcome = Assert.Single(await h.SendAsync(h.Portal("SG.read-only"), Harness.Mail()));

        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Contains("mail.send", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NoApiKey_ReturnsMisconfiguredWithoutCalling()
    {
        await using var h = await Harness.StartAsync();
        var portal = h.Portal() with { Notifier = h.Portal().Notifier! with { ApiKey = null } };

        var outcome = Assert.Single(await h.SendAsync(portal, Harness.Mail()));

        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Empty(h.Server.Requests);
    }

    [Fact]
    public async Task SendAsync_TooLarge_ReturnsPermanent()
    {
        await using var h = await Harness.StartAsync();
        h.Server.MaxRequestBytes = 4096; // stands for 30 MB without moving 30 MB per test
        var mail = Harness.Mail() with { Content = [new MailContent { Type = "text/plain", Value = new string('x', 8000) }] };

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), mail));

        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Contains("413", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task SendAsync_ServerError_ReturnsTransient(int status)
    {
        await using var h = await Harness.StartAsync();
        h.Server.Script(FakeSendGridReply.ServerError(status));

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail()));

        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SlowerThanTimeout_ReturnsTransient()
    {
        await using var h = await Harness.StartAsync(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        h.Server.Script(FakeSendGridReply.Slow(TimeSpan.FromSeconds(5)));

        var outcome = Assert.Single(await h.SendAsync(h.Portal(), Harness.Mail()));

        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.Contains("did not answer", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransient()
    {
        await using var h = await Harness.StartAsync();
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var outcome = Assert.Single(await h.SendAsync(h.Portal(baseUrl: $"http://127.0.0.1:{port}"), Harness.Mail()));

        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.Contains("Could not reach", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        await using var h = await Harness.StartAsync();
        h.Server.Script(FakeSendGridReply.Slow(TimeSpan.FromSeconds(5)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            h.Notifier.SendAsync(Harness.Job("p", h.Portal(), [Harness.Mail()]), cts.Token));
    }

    [Fact]
    public async Task SendAsync_BodyNotJson_ReturnsPermanentForThatMessageOnly()
    {
        await using var h = await Harness.StartAsync();
        var job = Harness.Job("p", h.Portal(), [Harness.Mail()]) is var j
            ? j with { Messages = [.. j.Messages, new OutboundMessage { MessageId = "broken", Body = "{not json"u8.ToArray() }] }
            : null!;

        var outcomes = await h.Notifier.SendAsync(job, CancellationToken.None);

        Assert.Equal(SendResult.Permanent, outcomes.Single(o => o.MessageId == "broken").Result);
        Assert.Equal(SendResult.Sent, outcomes.Single(o => o.MessageId == "msg-00000").Result);
    }

    [Fact]
    public async Task SendAsync_BaseUrlNotAUrl_ReturnsMisconfigured()
    {
        await using var h = await Harness.StartAsync();

        var outcome = Assert.Single(await h.SendAsync(h.Portal(baseUrl: "not a url"), Harness.Mail()));

        Assert.Equal(SendResult.Misconfigured, outcome.Result);
    }
}
