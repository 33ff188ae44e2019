using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OrleansNotify.Mime;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp.Connections;
using OrleansNotify.Smtp.SendGrid;
using OrleansNotify.Validation;

namespace OrleansNotify.Smtp;

public static class SmtpServiceExtensions
{
    /// <summary>
    /// Registers the <c>smtp</c> and <c>sendgrid-smtp</c> notifiers as keyed <see cref="INotifier"/>s.
    /// They share one set of connection pools (keyed by each portal's connection settings).
    /// </summary>
    public static IServiceCollection AddSmtpNotifiers(this IServiceCollection services, Action<SmtpNotifierOptions>? configure = null)
    {
        var options = new SmtpNotifierOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<SmtpConnector>();
        services.TryAddSingleton<SmtpPools>();
        services.AddMimeMessageFactory();
        services.TryAddSingleton<MimeEmailBuilder>(sp => sp.GetRequiredService<MimeMessageFactory>().Create);
        services.AddKeyedSingleton<INotifier>(NotifierKinds.Smtp, (sp, _) => Create(sp, NotifierKinds.Smtp));
        services.AddKeyedSingleton<INotifier>(NotifierKinds.SendGridSmtp, (sp, _) => Create(sp, NotifierKinds.SendGridSmtp));
        return services;
    }

    /// <summary>
    /// <c>sendgrid-smtp</c>'s submission rules (<see cref="SmtpApiMessageRules"/>) alone: they need no
    /// notifier, so a host that accepts messages without sending them (a front end) registers them too.
    /// </summary>
    public static IServiceCollection AddSmtpMessageRules(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton<INotifierMessageRules, SmtpApiMessageRules>(NotifierKinds.SendGridSmtp);
        return services;
    }

    private static SmtpNotifier Create(IServiceProvider sp, string kind) => new(
        kind,
        sp.GetRequiredService<SmtpPools>(),
        sp.GetRequiredService<SmtpConnector>(),
        sp.GetRequiredService<MimeEmailBuilder>(),
        sp.GetRequiredService<SmtpNotifierOptions>(),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<ILogger<SmtpNotifier>>());
}
