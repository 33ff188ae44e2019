using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Orleans.Runtime;
using OrleansNotify.Api.Http;

namespace OrleansNotify.Api.Tests;

/// <summary>A grain call that no silo answers is a retryable 503 in SendGrid's shape; other failures pass through.</summary>
public sealed class ClusterUnavailableTests
{
    [Theory]
    [InlineData("timeout")]
    [InlineData("silo")]
    public async Task GrainCallWithoutAnAnswer_Is503WithRetryAfter(string failure)
    {
        await using var app = await StartAsync(failure == "timeout"
            ? new TimeoutException("Response did not arrive on time in 00:00:30")
            : new SiloUnavailableException("silo is dead"));

        using var response = await app.GetTestClient().PostAsync("/call", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ClusterUnavailableFilter.Message, body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task OtherFailure_IsNotMistakenForAnUnavailableCluster()
    {
        await using var app = await StartAsync(new InvalidOperationException("a bug"));

        // The test server hands an unhandled exception to the caller (Kestrel would answer 500).
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.GetTestClient().PostAsync("/call", null));
        Assert.Equal("a bug", error.Message);
    }

    private static async Task<WebApplication> StartAsync(Exception thrown)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        var api = app.MapGroup("");
        api.AddEndpointFilter(ClusterUnavailableFilter.InvokeAsync);
        api.MapPost("/call", IResult () => throw thrown);
        await app.StartAsync();
        return app;
    }
}
