using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.SendGrid.Tests;

public sealed class HostSelectionTests
{
    [Theory]
    [InlineData(null, null, "https://api.sendgrid.com")]
    [InlineData("global", null, "https://api.sendgrid.com")]
    [InlineData("eu", null, "https://api.eu.sendgrid.com")]
    [InlineData("EU", null, "https://api.eu.sendgrid.com")]
    [InlineData("eu", "http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData(null, "http://127.0.0.1:5000/v3/", "http://127.0.0.1:5000")]
    public void For_RegionAndOverride_SelectsHost(string? region, string? baseUrl, string expected) =>
        Assert.Equal(expected, SendGridHosts.For(new NotifierConfig { Region = region, BaseUrl = baseUrl }));

    [Theory]
    [InlineData("eu", "https://api.eu.sendgrid.com/v3/mail/send")]
    [InlineData(null, "https://api.sendgrid.com/v3/mail/send")]
    public async Task SendAsync_Region_TargetsThatHost(string? region, string expectedUri)
    {
        var handler = new RecordingHandler();
        await using var services = new ServiceCollection().AddLogging().AddSendGridNotifier().BuildServiceProvider(configure: handler);
        var notifier = services.GetRequiredKeyedService<INotifier>(NotifierKinds.SendGrid);
        var portal = new PortalConfig { Notifier = new NotifierConfig { Kind = NotifierKinds.SendGrid, ApiKey = "SG.k", Region = region } };

        var outcome = Assert.Single(await notifier.SendAsync(Harness.Job("p", portal, [Harness.Mail()]), CancellationToken.None));

        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal(expectedUri, Assert.Single(handler.Uris).ToString());
    }

    [Fact]
    public void AddSendGridNotifier_RegistersKeyedSingleton()
    {
        using var services = new ServiceCollection().AddLogging().AddSendGridNotifier().BuildServiceProvider();

        var first = services.GetRequiredKeyedService<INotifier>(NotifierKinds.SendGrid);

        Assert.IsType<SendGridNotifier>(first);
        Assert.Same(first, services.GetRequiredKeyedService<INotifier>(NotifierKinds.SendGrid));
    }

    /// <summary>Stands in for the network: records where the SDK sent each request and answers 202.</summary>
    internal sealed class RecordingHandler : HttpMessageHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<Uri> Uris { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uris.Enqueue(request.RequestUri!);
            var response = new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent([]) };
            response.Headers.Add("X-Message-Id", "stub-id");
            return Task.FromResult(response);
        }
    }
}

internal static class HandlerOverride
{
    /// <summary>Builds the provider with the SendGrid client's network replaced by <paramref name="configure"/>.</summary>
    public static ServiceProvider BuildServiceProvider(this IServiceCollection services, HttpMessageHandler configure)
    {
        services.AddHttpClient(SendGridNotifierOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => configure);
        return services.BuildServiceProvider();
    }
}
