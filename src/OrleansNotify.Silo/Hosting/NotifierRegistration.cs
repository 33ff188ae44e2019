using OrleansNotify.Mime.Pickup;
using OrleansNotify.SendGrid;
using OrleansNotify.Smtp;

namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// The notifiers a silo's sender grains call, one keyed <c>INotifier</c> per kind, and the submission
/// rules those kinds add. Only silos send; a front end registers the same rules without the notifiers
/// (through the notifier libraries' own rule registrations), so both doors refuse the same messages.
/// </summary>
public static class NotifierRegistration
{
    /// <summary>Configuration section of the SendGrid notifier's options (<see cref="SendGridNotifierOptions"/>).</summary>
    public const string SendGridSection = "Notify:SendGrid";

    /// <summary>Configuration section of the SMTP notifiers' options (<see cref="SmtpNotifierOptions"/>).</summary>
    public const string SmtpSection = "Notify:Smtp";

    /// <summary>Registers pickup, sendgrid, smtp and sendgrid-smtp, with options bound from configuration.</summary>
    public static IServiceCollection AddNotifyNotifiers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPickupNotifier();
        services.AddSendGridNotifier(o => configuration.GetSection(SendGridSection).Bind(o));
        services.AddSmtpNotifiers(o => configuration.GetSection(SmtpSection).Bind(o));
        return services.AddNotifierMessageRules();
    }

    /// <summary>The per-kind submission rules only: today <c>sendgrid-smtp</c>'s X-SMTPAPI fit.</summary>
    public static IServiceCollection AddNotifierMessageRules(this IServiceCollection services) =>
        services.AddSmtpMessageRules();
}
