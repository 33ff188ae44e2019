using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Mime.Pickup;

public static class PickupServiceExtensions
{
    /// <summary>Registers the pickup notifier under <see cref="NotifierKinds.Pickup"/>, with the MIME factory it uses.</summary>
    public static IServiceCollection AddPickupNotifier(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMimeMessageFactory();
        services.AddKeyedSingleton<INotifier, PickupNotifier>(NotifierKinds.Pickup);
        return services;
    }
}
