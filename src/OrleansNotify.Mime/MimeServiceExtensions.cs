using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansNotify.Mime;

public static class MimeServiceExtensions
{
    /// <summary>Registers <see cref="MimeMessageFactory"/> (and <see cref="TimeProvider.System"/> unless one is registered).</summary>
    public static IServiceCollection AddMimeMessageFactory(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MimeMessageFactory>();
        return services;
    }
}
