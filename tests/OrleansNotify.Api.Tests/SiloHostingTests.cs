using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansNotify.Silo.Hosting;

namespace OrleansNotify.Api.Tests;

/// <summary>The host's own decisions, checked without starting a silo.</summary>
public sealed class SiloHostingTests
{
    [Fact]
    public void AddNotifySilo_UnsupportedMode_FailsWithAClearError()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Notify:Mode"] = "cluster";

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddNotifySilo());

        Assert.Contains("'cluster'", error.Message, StringComparison.Ordinal);
        Assert.Contains("embedded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroConfigAdminKey_NoneConfigured_GeneratesAStrongKey()
    {
        using var services = new ServiceCollection().AddZeroConfigAdminKey().BuildServiceProvider();

        var key = services.GetRequiredService<IOptions<NotifyApiOptions>>().Value.AdminKey;

        Assert.NotNull(key);
        Assert.True(key.Length >= 40, key);
    }

    [Fact]
    public void ZeroConfigAdminKey_Configured_KeepsTheConfiguredKey()
    {
        var services = new ServiceCollection();
        services.Configure<NotifyApiOptions>(o => o.AdminKey = "from-configuration");
        using var provider = services.AddZeroConfigAdminKey().BuildServiceProvider();

        Assert.Equal("from-configuration", provider.GetRequiredService<IOptions<NotifyApiOptions>>().Value.AdminKey);
    }
}
