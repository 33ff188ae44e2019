using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Http;

/// <summary>
/// Reads a request body once into an exact-size array (the array becomes the queued message body, so
/// nothing is copied or re-serialised later), refusing bodies over the endpoint's limit with 413.
/// </summary>
public static class RequestBody
{
    public static async Task<(byte[]? Body, JsonHttpResult<SendGridErrorResponse>? Error)> ReadAsync(
        HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        // Kestrel's own limit (30,000,000 by default) is raised or lowered per endpoint.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return (null, ApiErrors.TooLarge(limit));
        }

        try
        {
            if (request.ContentLength is long length)
            {
                var body = new byte[length];
                await request.Body.ReadExactlyAsync(body, cancellationToken);
                return (body, null);
            }

            return await ReadChunkedAsync(request.Body, limit, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiErrors.TooLarge(limit));
        }
        catch (Exception e) when (e is BadHttpRequestException or EndOfStreamException)
        {
            return (null, ApiErrors.BadRequest("The request body ended before its Content-Length.", null));
        }
    }

    /// <summary>Reads the body like <see cref="ReadAsync"/>, then deserialises it; either failure is the error to answer.</summary>
    public static async Task<(T? Value, JsonHttpResult<SendGridErrorResponse>? Error)> ReadJsonAsync<T>(
        HttpRequest request, long limit, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var (body, error) = await ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return (null, error);
        }

        var value = JsonBody.Parse(body, typeInfo, out error);
        return (value, error);
    }

    /// <summary>No Content-Length: grow a pooled buffer, then copy once to the exact size.</summary>
    private static async Task<(byte[]?, JsonHttpResult<SendGridErrorResponse>?)> ReadChunkedAsync(
        Stream stream, long limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var used = 0;
        try
        {
            while (true)
            {
                if (used == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, used).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(used), cancellationToken);
                if (read == 0)
                {
                    return (buffer.AsSpan(0, used).ToArray(), null);
                }

                used += read;
                if (used > limit)
                {
                    return (null, ApiErrors.TooLarge(limit));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
