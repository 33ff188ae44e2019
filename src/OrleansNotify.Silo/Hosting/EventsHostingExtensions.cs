using OrleansNotify.RabbitMq;
using OrleansNotify.Templates;

namespace OrleansNotify.Silo.Hosting;

/// <summary>Events in the silo: the Handlebars renderer the event grains use, and RabbitMQ ingress when enabled.</summary>
public static class EventsHostingExtensions
{
    /// <summary>
    /// Registers event processing. The RabbitMQ consumer runs only when <c>Notify:RabbitMq:Enabled</c> is
    /// true (off by default, so the zero-config silo needs no broker).
    /// </summary>
    public static WebApplicationBuilder AddNotifyEvents(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHandlebarsTemplates();
        builder.Services.AddRabbitMqIngress();
        return builder;
    }
}
