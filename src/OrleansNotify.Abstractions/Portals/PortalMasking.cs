namespace OrleansNotify.Portals;

/// <summary>Secrets leave the service only as this mask.</summary>
public static class PortalMasking
{
    public const string Mask = "********";

    public static PortalConfig Masked(this PortalConfig config) => config with
    {
        Notifier = config.Notifier is null ? null : config.Notifier with
        {
            ApiKey = config.Notifier.ApiKey is null ? null : Mask,
            Password = config.Notifier.Password is null ? null : Mask,
        },
    };
}
