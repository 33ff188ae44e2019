using OrleansNotify.Mail;
using OrleansNotify.Portals;
using OrleansNotify.Validation;

namespace OrleansNotify.Tests.Validation;

internal static class PortalSamples
{
    public static PortalConfig SendGrid() => new()
    {
        DisplayName = "Marketing portal",
        Notifier = new NotifierConfig { Kind = NotifierKinds.SendGrid, ApiKey = "SG.abc.def", Region = "global" },
        Defaults = new PortalDefaults
        {
            From = new EmailAddress { Email = "noreply@example.com", Name = "Example" },
            Categories = ["Primary"],
            DeliveryImportance = DeliveryImportance.Normal,
            IpPoolName = "marketing",
            ClickTracking = true,
            OpenTracking = true,
        },
        Throttle = new ThrottleSettings { PerSecond = 50, Burst = 100, MaxConcurrency = 8 },
    };

    public static PortalConfig With(NotifierConfig notifier) => SendGrid() with { Notifier = notifier };

    public static PortalConfig Smtp() => With(new NotifierConfig { Kind = NotifierKinds.Smtp, Host = "127.0.0.1", Port = 2525, Security = "none" });

    public static void AssertOnlyField(PortalConfig config, string field)
    {
        var error = Assert.Single(PortalConfigValidator.Validate(config));
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    public static void AssertValid(PortalConfig config) => Assert.Empty(PortalConfigValidator.Validate(config));
}
