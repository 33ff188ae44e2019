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

/// <summary><c>GET/PUT/DELETE /v1/portals/{portalId}/suppressions[/{email}]</c>: who the portal will not send to.</summary>
public static class SuppressionsApi
{
    public static async Task<Results<JsonHttpResult<SuppressionList>, JsonHttpResult<SendGridErrorResponse>>> List(
        string portalId, [FromServices] IGrainFactory grains)
    {
        if (await CheckPortalAsync(portalId, grains) is { } error)
        {
            return error;
        }

        var list = await grains.GetGrain<ITrackingGrain>(portalId).GetSuppressionsAsync();
        return TypedResults.Json(new SuppressionList(list), TrackingJsonContext.Default.SuppressionList);
    }

    public static async Task<Results<JsonHttpResult<SuppressionList>, JsonHttpResult<SendGridErrorResponse>>> Get(
        string portalId, string email, [FromServices] IGrainFactory grains)
    {
        if (await CheckPortalAsync(portalId, grains) is { } error)
        {
            return error;
        }

        var key = Suppression.Normalize(email);
        var list = (await grains.GetGrain<ITrackingGrain>(portalId).GetSuppressionsAsync()).Where(s => s.Email == key).ToArray();
        return list.Length == 0
            ? ApiErrors.Of(StatusCodes.Status404NotFound, $"'{email}' is not suppressed.", "email")
            : TypedResults.Json(new SuppressionList(list), TrackingJsonContext.Default.SuppressionList);
    }

    /// <summary>Adds the address (body optional: {"reason","groupId","detail"}); 200 with the entry.</summary>
    public static async Task<Results<JsonHttpResult<Suppression>, JsonHttpResult<SendGridErrorResponse>>> Put(
        string portalId, string email, HttpRequest request, [FromServices] IGrainFactory grains, [FromServices] TimeProvider time,
        [FromServices] IOptions<NotifyApiOptions> options, CancellationToken cancellationToken)
    {
        if (await CheckPortalAsync(portalId, grains) is { } error)
        {
            return error;
        }

        if (email.Length > 320 || !EmailSyntax.IsValid(email))
        {
            return ApiErrors.BadRequest("email must be a valid address of at most 320 characters.", "email");
        }

        var (body, readError) = await RequestBody.ReadAsync(request, options.Value.DefaultBodyLimit, cancellationToken);
        if (body is null)
        {
            return readError!;
        }

        var input = new SuppressionInput();
        if (body.Length > 0)
        {
            var parsed = JsonBody.Parse(body, TrackingJsonContext.Default.SuppressionInput, out var parseError);
            if (parsed is null)
            {
                return parseError!;
            }

            input = parsed;
        }

        if (input.GroupId < 0)
        {
            return ApiErrors.BadRequest("groupId must be 0 (all mail) or an unsubscribe group id.", "groupId");
        }

        if (input.Reason is { Length: > 100 } || input.Detail is { Length: > 1000 })
        {
            return ApiErrors.BadRequest("reason has at most 100 characters, detail at most 1000.", input.Reason is { Length: > 100 } ? "reason" : "detail");
        }

        var suppression = new Suppression
        {
            Email = Suppression.Normalize(email),
            Reason = input.Reason ?? SuppressionReasons.Manual,
            GroupId = input.GroupId,
            Detail = input.Detail,
            CreatedAt = time.GetUtcNow(),
        };
        await grains.GetGrain<ITrackingGrain>(portalId).PutSuppressionAsync(suppression);
        return TypedResults.Json(suppression, TrackingJsonContext.Default.Suppression);
    }

    public static async Task<Results<NoContent, JsonHttpResult<SendGridErrorResponse>>> Delete(
        string portalId, string email, [FromServices] IGrainFactory grains)
    {
        if (await CheckPortalAsync(portalId, grains) is { } error)
        {
            return error;
        }

        return await grains.GetGrain<ITrackingGrain>(portalId).DeleteSuppressionAsync(email)
            ? TypedResults.NoContent()
            : ApiErrors.Of(StatusCodes.Status404NotFound, $"'{email}' is not suppressed.", "email");
    }

    private static async Task<JsonHttpResult<SendGridErrorResponse>?> CheckPortalAsync(string portalId, IGrainFactory grains)
    {
        if (!PortalConfigValidator.IsValidPortalId(portalId))
        {
            return ApiErrors.InvalidPortalId();
        }

        return await grains.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync() is null ? ApiErrors.PortalNotFound(portalId) : null;
    }
}

public sealed record SuppressionList(IReadOnlyList<Suppression> Suppressions);

/// <summary>The optional body of a PUT.</summary>
public sealed record SuppressionInput
{
    public string? Reason { get; set; }
    public int GroupId { get; set; }
    public string? Detail { get; set; }
}
