using System.Net;

namespace OrleansNotify.Benchmarks.SendGrid;

/// <summary>Answers every request with SendGrid's 202 in memory: isolates the client-side cost per call.</summary>
internal sealed class StubSendGridHandler : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Accepted) { RequestMessage = request };
        response.Headers.TryAddWithoutValidation("X-Message-Id", "stub-message-id");
        return Task.FromResult(response);
    }
}
