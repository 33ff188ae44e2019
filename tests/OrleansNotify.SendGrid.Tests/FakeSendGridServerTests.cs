using System.Net;
using System.Text;
using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.SendGrid.Tests;

/// <summary>The fake answers as SendGrid documents, so the notifier's tests mean something.</summary>
public sealed class FakeSendGridServerTests : IAsyncLifetime
{
    private FakeSendGridServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await FakeSendGridServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, SendGridErrorResponse? Errors)> PostAsync(object body, string key = FakeSendGridServer.DefaultApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/v3/mail/send")
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize((MailSendRequest)body, MailJsonContext.Default.MailSendRequest), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonSerializer.Deserialize(text, MailJsonContext.Default.SendGridErrorResponse));
    }

    private static MailSendRequest WithPersonalizations(int count, int recipientsEach = 1) => Harness.Mail() with
    {
        Personalizations = Enumerable.Range(0, count).Select(i => new Personalization
        {
            To = Enumerable.Range(0, recipientsEach).Select(r => new EmailAddress { Email = $"u{i}.{r}@example.com" }).ToArray(),
        }).ToArray(),
    };

    [Fact]
    public async Task MailSend_1000Personalizations_Accepted()
    {
        var (status, _) = await PostAsync(WithPersonalizations(1000));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(1000, _server.AcceptedPersonalizations);
        Assert.NotNull(Assert.Single(_server.MailSends).MessageId);
    }

    [Fact]
    public async Task MailSend_1001Personalizations_Refused()
    {
        var (status, errors) = await PostAsync(WithPersonalizations(1001));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(errors!.Errors, e => e.Field == "personalizations");
    }

    [Fact]
    public async Task MailSend_1001Recipients_Refused()
    {
        var (status, errors) = await PostAsync(WithPersonalizations(77, recipientsEach: 13));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(errors!.Errors, e => e.Field == "personalizations" && e.Message.Contains("1000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MailSend_MissingFields_ListsEveryField()
    {
        var (status, errors) = await PostAsync(Harness.Mail() with { From = null, Subject = null, Content = null });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["content", "from", "subject"], errors!.Errors.Select(e => e.Field!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MailSend_DuplicateAddressAcrossToAndCc_Refused()
    {
        var (status, errors) = await PostAsync(Harness.Mail("Dup@example.com", "s", "dup@EXAMPLE.com"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("personalizations.0.cc.0.email", Assert.Single(errors!.Errors).Field);
    }

    [Fact]
    public async Task MailSend_TemplateWithoutSubjectOrContent_Accepted()
    {
        var (status, _) = await PostAsync(Harness.Mail() with { Subject = null, Content = null, TemplateId = "d-123" });

        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    [Fact]
    public async Task MailSend_BadKey_401WithErrorBody()
    {
        var (status, errors) = await PostAsync(Harness.Mail(), "SG.bad");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.NotEmpty(errors!.Errors);
    }

    [Fact]
    public async Task MailSend_ScriptedRateLimit_SendsRateLimitHeaders()
    {
        _server.Script(FakeSendGridReply.RateLimited(DateTimeOffset.FromUnixTimeSeconds(2_000_000_000)));
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + "/v3/mail/send") { Content = new StringContent("{}") };
        request.Headers.Authorization = new("Bearer", FakeSendGridServer.DefaultApiKey);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("2000000000", response.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("600", response.Headers.GetValues("X-RateLimit-Limit").Single());
    }

    [Fact]
    public async Task MailSend_ParallelCalls_AllRecorded()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => PostAsync(Harness.Mail())));

        Assert.Equal(50, _server.MailSends.Count(r => r.Status == 202));
        Assert.Equal(50, _server.MailSends.Select(r => r.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task WaitForAcceptedPersonalizations_NotReached_Throws()
    {
        await PostAsync(WithPersonalizations(3));

        await _server.WaitForAcceptedPersonalizationsAsync(3, TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<TimeoutException>(() => _server.WaitForAcceptedPersonalizationsAsync(4, TimeSpan.FromMilliseconds(100)));
    }
}
