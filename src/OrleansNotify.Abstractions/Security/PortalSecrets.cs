using OrleansNotify.Portals;

namespace OrleansNotify.Security;

/// <summary>Applies a protector to the secret fields of a portal's configuration (the ones <see cref="PortalMasking"/> masks).</summary>
public static class PortalSecrets
{
    public static PortalConfig Protect(this PortalConfig config, ISecretProtector protector) => Map(config, protector.Protect);

    public static PortalConfig Unprotect(this PortalConfig config, ISecretProtector protector) => Map(config, protector.Unprotect);

    private static PortalConfig Map(PortalConfig config, Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Notifier is not { } notifier || (notifier.ApiKey is null && notifier.Password is null))
        {
            return config;
        }

        return config with
        {
            Notifier = notifier with
            {
                ApiKey = notifier.ApiKey is null ? null : map(notifier.ApiKey),
                Password = notifier.Password is null ? null : map(notifier.Password),
            },
        };
    }
}
