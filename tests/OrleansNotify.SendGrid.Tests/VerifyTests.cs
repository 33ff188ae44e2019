using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.SendGrid.Tests;

public sealed class VerifyTests
{
    private static VerifyCheck Check(VerifyReport report, string name) => Assert.Single(report.Checks, c => c.Name == name);

    [Fact]
    public async Task VerifyAsync_GoodKeyAndExistingPool_PassesEveryCheck()
    {
        await using var h = await Harness.StartAsync();
        h.Server.IpPools["transactional"] = true;

        var report = await h.Notifier.VerifyAsync("p", h.Portal(defaults: new PortalDefaults { IpPoolName = "transactional" }), CancellationToken.None);

        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => c.Message)));
        Assert.Equal(["round-trip", "api-key", "scope:mail.send", "ip-pool", "sandbox"], report.Checks.Select(c => c.Name));
        Assert.True(Check(report, "round-trip").ElapsedMs >= 0);
        Assert.Contains("off", Check(report, "sandbox").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_UnknownKey_FailsApiKeyCheck()
    {
        await using var h = await Harness.StartAsync();

        var report = await h.Notifier.VerifyAsync("p", h.Portal("SG.nope"), CancellationToken.None);

        Assert.False(report.Passed);
        Assert.False(Check(report, "api-key").Passed);
        Assert.Contains("401", Check(report, "api-key").Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Checks, c => c.Message.Contains("SG.nope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_KeyWithoutMailSend_FailsScopeCheck()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AddKey("SG.stats", "stats.read");

        var report = await h.Notifier.VerifyAsync("p", h.Portal("SG.stats"), CancellationToken.None);

        Assert.True(Check(report, "api-key").Passed);
        Assert.False(Check(report, "scope:mail.send").Passed);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task VerifyAsync_MissingPool_FailsPoolCheck()
    {
        await using var h = await Harness.StartAsync();
        h.Server.IpPools["marketing"] = true;

        var report = await h.Notifier.VerifyAsync("p", h.Portal(defaults: new PortalDefaults { IpPoolName = "transactional" }), CancellationToken.None);

        Assert.False(Check(report, "ip-pool").Passed);
        Assert.Contains("does not exist", Check(report, "ip-pool").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_PoolsForbidden_ReportsCannotCheck()
    {
        await using var h = await Harness.StartAsync();
        h.Server.AddKey("SG.send-only", "mail.send");

        var report = await h.Notifier.VerifyAsync("p", h.Portal("SG.send-only", new PortalDefaults { IpPoolName = "transactional", SandboxMode = true }), CancellationToken.None);

        Assert.StartsWith("Cannot check", Check(report, "ip-pool").Message, StringComparison.Ordinal);
        Assert.Contains("is on", Check(report, "sandbox").Message, StringComparison.Ordinal);
        Assert.True(report.Passed);
    }

    [Fact]
    public async Task VerifyAsync_InvalidPoolName_FailsWithoutAsking()
    {
        await using var h = await Harness.StartAsync();

        var report = await h.Notifier.VerifyAsync("p", h.Portal(defaults: new PortalDefaults { IpPoolName = "x" }), CancellationToken.None);

        Assert.False(Check(report, "ip-pool").Passed);
        Assert.DoesNotContain(h.Server.Requests, r => r.Path == "/v3/ips/pools");
    }

    [Fact]
    public async Task VerifyAsync_Unreachable_FailsRoundTrip()
    {
        await using var h = await Harness.StartAsync();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var report = await h.Notifier.VerifyAsync("p", h.Portal(baseUrl: $"http://127.0.0.1:{port}"), CancellationToken.None);

        Assert.False(Check(report, "round-trip").Passed);
        Assert.False(report.Passed);
    }
}
