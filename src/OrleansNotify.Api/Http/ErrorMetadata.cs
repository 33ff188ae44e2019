using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Http;

/// <summary>Tells OpenAPI which SendGrid-shaped errors a group of endpoints can answer.</summary>
public static class ErrorMetadata
{
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(SendGridErrorResponse), ["application/json"]));
        }

        return builder;
    }
}
