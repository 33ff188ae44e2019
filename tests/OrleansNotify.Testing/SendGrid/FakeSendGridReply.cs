using System.Globalization;

namespace OrleansNotify.Testing.SendGrid;

/// <summary>
/// A scripted answer to the next mail/send call(s) with a valid key, instead of the documented 202/200:
/// 429 with rate-limit headers, 500/503, or a delay that outlasts the client's timeout.
/// </summary>
public sealed record FakeSendGridReply
{
    public int Status { get; init; } = 202;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string? Body { get; init; }
    /// <summary>Waits this long before answering (for timeout tests).</summary>
    public TimeSpan Delay { get; init; }
    /// <summary>Only calls with this API key get the reply; null matches any key.</summary>
    public string? ForApiKey { get; init; }
    /// <summary>How many calls get this reply.</summary>
    public int Times { get; init; } = 1;

    /// <summary>SendGrid's 429: limit, remaining 0 and the reset as Unix seconds (omitted when null).</summary>
    public static FakeSendGridReply RateLimited(DateTimeOffset? reset, int limit = 600, string? forApiKey = null)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Remaining"] = "0",
        };
        if (reset is { } r)
        {
            headers["X-RateLimit-Reset"] = r.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        return new FakeSendGridReply
        {
            Status = 429,
            Headers = headers,
            Body = FakeSendGridErrors.Json(("too many requests", null)),
            ForApiKey = forApiKey,
        };
    }

    public static FakeSendGridReply ServerError(int status = 500, int times = 1) => new()
    {
        Status = status,
        Body = FakeSendGridErrors.Json(("internal error", null)),
        Times = times,
    };

    public static FakeSendGridReply Slow(TimeSpan delay) => new() { Delay = delay };
}
