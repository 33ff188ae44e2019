using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansNotify.Events;

namespace OrleansNotify.Templates;

public static class TemplatesServiceExtensions
{
    /// <summary>Registers the Handlebars renderer that the event grains use (one per silo: it caches compiled templates).</summary>
    public static IServiceCollection AddHandlebarsTemplates(this IServiceCollection services)
    {
        services.TryAddSingleton<ITemplateRenderer, HandlebarsTemplateRenderer>();
        return services;
    }
}
