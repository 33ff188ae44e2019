extern alias frontend;

using frontend::OrleansNotify.Frontend.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Smtp.SendGrid;
using OrleansNotify.Validation;

namespace OrleansNotify.Api.Tests;

/// <summary>
/// The front end applies the same per-kind submission rules as a silo (MessageIntake asks for them by the
/// portal's kind), yet registers no notifier: it only accepts messages.
/// </summary>
public sealed class FrontendRegistrationTests
{
    [Fact]
    public async Task AddNotifyFrontend_SendGridSmtp_RegistersXSmtpApiRules()
    {
        await using var services = FrontendServices();

        Assert.IsType<SmtpApiMessageRules>(services.GetKeyedService<INotifierMessageRules>(NotifierKinds.SendGridSmtp));
    }

    [Fact]
    public async Task AddNotifyFrontend_AnyKind_RegistersNoNotifier()
    {
        await using var services = FrontendServices();

        Assert.All(NotifierKinds.All, kind => Assert.Null(services.GetKeyedService<INotifier>(kind)));
    }

    private static ServiceProvider FrontendServices()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:Notify"] = "Host=127.0.0.1;Port=1;Username=notify;Password=unused";
        builder.Configuration["Notify:AdminKey"] = "frontend-test-admin-key";
        builder.AddNotifyFrontend();
        return builder.Services.BuildServiceProvider();
    }
}
