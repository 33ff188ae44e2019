using Microsoft.AspNetCore.Builder;
using Npgsql;
using OrleansNotify.Frontend.Hosting;
using OrleansNotify.Silo.Hosting;

namespace OrleansNotify.Cluster.Tests;

/// <summary>Cluster mode refuses to start without what it needs, and says which setting is wrong (never its value).</summary>
public sealed class StartupErrorTests
{
    private const string Connection = "Host=127.0.0.1;Port=1;Username=u;Password=p";

    private static WebApplicationBuilder Cluster(params string[] args) => WebApplication.CreateBuilder(["--Notify:Mode=cluster", .. args]);

    [Fact]
    public void AddNotifySilo_ClusterWithoutConnectionString_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Cluster().AddNotifySilo());

        Assert.Contains("ConnectionStrings:Notify", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")] // 5 bytes
    public void AddNotifySilo_ClusterWithBadEncryptionKey_NamesTheSettingNotTheValue(string? key)
    {
        string[] args = key is null ? [$"--ConnectionStrings:Notify={Connection}", "--Notify:AdminKey=a"]
            : [$"--ConnectionStrings:Notify={Connection}", "--Notify:AdminKey=a", $"--Notify:EncryptionKey={key}"];

        var error = Assert.Throws<InvalidOperationException>(() => Cluster(args).AddNotifySilo());

        Assert.Contains("Notify:EncryptionKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("32", error.Message, StringComparison.Ordinal);
        if (key is not null)
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddNotifySilo_ClusterWithoutAdminKey_NamesTheSetting()
    {
        var key = Convert.ToBase64String(new byte[32]);

        var error = Assert.Throws<InvalidOperationException>(
            () => Cluster($"--ConnectionStrings:Notify={Connection}", $"--Notify:EncryptionKey={key}").AddNotifySilo());

        Assert.Contains("Notify:AdminKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNotifySilo_UnknownMode_ListsTheModes()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WebApplication.CreateBuilder(["--Notify:Mode=galaxy"]).AddNotifySilo());

        Assert.Contains("'galaxy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("cluster", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterSettings_NoPoolSizeGiven_UsesSmallPools()
    {
        var settings = new ClusterSettings(Connection, "c", "s", "");

        Assert.Contains($"Maximum Pool Size={ClusterSettings.DataSourcePoolSize}", settings.DataSourceConnectionString, StringComparison.Ordinal);
        Assert.Contains($"Maximum Pool Size={ClusterSettings.OrleansPoolSize}", settings.OrleansConnectionString, StringComparison.Ordinal);
        Assert.Contains("Maximum Pool Size=40", new ClusterSettings(Connection + ";Maximum Pool Size=40", "c", "s", "").OrleansConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterSettings_ResetOnCloseNotGiven_SkipsResets_UnlessTheOperatorChoseIt()
    {
        static bool NoReset(string connection) =>
            new NpgsqlConnectionStringBuilder(new ClusterSettings(connection, "c", "s", "").DataSourceConnectionString).NoResetOnClose;

        Assert.True(NoReset(Connection));
        Assert.False(NoReset(Connection + ";No Reset On Close=false"));
    }

    [Fact]
    public void AddNotifyFrontend_WithoutConnectionString_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WebApplication.CreateBuilder().AddNotifyFrontend());

        Assert.Contains("ConnectionStrings:Notify", error.Message, StringComparison.Ordinal);
    }
}
