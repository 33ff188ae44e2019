using Microsoft.AspNetCore.Http;
using OrleansNotify.Api.Http;
using OrleansNotify.Api.Intake;

namespace OrleansNotify.Api.Tests;

/// <summary>The 503 of a full queue tells the caller when to come back, in whole seconds.</summary>
public sealed class AcceptResultTests
{
    [Theory]
    [InlineData(250, "1")]
    [InlineData(1000, "1")]
    [InlineData(2500, "3")]
    public void ErrorFor_QueueFull_SetsRetryAfterInWholeSeconds(int milliseconds, string expected)
    {
        var result = AcceptResult.Failed(ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, "full"), TimeSpan.FromMilliseconds(milliseconds));
        var context = new DefaultHttpContext();

        var error = result.ErrorFor(context.Response);

        Assert.Equal(expected, context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public void ErrorFor_ValidationError_SetsNoRetryAfter()
    {
        var result = AcceptResult.Failed(ApiErrors.BadRequest("bad", "subject"));
        var context = new DefaultHttpContext();

        result.ErrorFor(context.Response);

        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }
}
