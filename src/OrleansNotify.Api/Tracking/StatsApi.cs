using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansNotify.Api.Http;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Tracking;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Tracking;

/// <summary>
/// <c>GET /v1/portals/{portalId}/stats?from=&amp;to=&amp;category=&amp;interval=day|hour</c>. from and
/// to are dates (to inclusive) or ISO 8601 instants (to exclusive), UTC; to defaults to now. Buckets
/// without events are left out. Read from counters the tracking grain folded, never from raw events.
/// </summary>
public static class StatsApi
{
    public static async Task<Results<JsonHttpResult<StatsResponse>, JsonHttpResult<SendGridErrorResponse>>> GetStats(
        string portalId, string? from, string? to, string? category, string? interval,
        [FromServices] IGrainFactory grains, [FromServices] TimeProvider time, [FromServices] IOptions<TrackingApiOptions> options)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        if (!TryParseInstant(from, endOfDay: false, out var start))
        {
            return ApiErrors.BadRequest("from is required: a date (2026-11-24) or an ISO 8601 instant.", "from");
        }

        var end = time.GetUtcNow();
        if (to is not null && !TryParseInstant(to, endOfDay: true, out end))
        {
            return ApiErrors.BadRequest("to must be a date (inclusive) or an ISO 8601 instant (exclusive).", "to");
        }

        StatsInterval? parsedInterval = interval switch
        {
            null or "" or "day" => StatsInterval.Day,
            "hour" => StatsInterval.Hour,
            _ => null,
        };
        if (parsedInterval is not { } every)
        {
            return ApiErrors.BadRequest("interval must be day or hour.", "interval");
        }

        var maxRange = every == StatsInterval.Hour ? TimeSpan.FromDays(31) : options.Value.MaxStatsRange;
        if (end <= start || end - start > maxRange)
        {
            return ApiErrors.BadRequest($"to must be after from, at most {maxRange.TotalDays:0} days for interval {interval ?? "day"}.", "to");
        }

        if (category is { Length: > 255 })
        {
            return ApiErrors.BadRequest("category has at most 255 characters.", "category");
        }

        if (await grains.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync() is null)
        {
            return ApiErrors.PortalNotFound(portalId);
        }

        var buckets = await grains.GetGrain<ITrackingGrain>(portalId)
            .GetStatsAsync(new StatsQuery(start, end, string.IsNullOrEmpty(category) ? null : category, every));
        return TypedResults.Json(new StatsResponse(buckets), TrackingJsonContext.Default.StatsResponse);
    }

    private static bool TryParseInstant(string? text, bool endOfDay, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}

public sealed record StatsResponse(IReadOnlyList<StatsBucket> Stats);
