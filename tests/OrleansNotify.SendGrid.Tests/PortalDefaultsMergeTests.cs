using OrleansNotify.Mail;
using OrleansNotify.Portals;

namespace OrleansNotify.SendGrid.Tests;

/// <summary>What SendGrid receives once the portal's defaults are merged: the message's own settings win.</summary>
public sealed class PortalDefaultsMergeTests
{
    private static readonly PortalDefaults Defaults = new()
    {
        Categories = ["portal", "shared"],
        IpPoolName = "transactional",
        ClickTracking = true,
        TextTracking = true,
        OpenTracking = true,
        DeliveryImportance = DeliveryImportance.High,
    };

    [Fact]
    public async Task SendAsync_PortalDefaults_AreMergedIntoTheBody()
    {
        await using var h = await Harness.StartAsync();

        await h.SendAsync("portal-7", h.Portal(defaults: Defaults), Harness.Mail() with { Categories = ["own", "shared"] });

        var sent = Assert.Single(h.Server.MailSends).Mail();
        Assert.Equal(["own", "shared", "portal"], sent.Categories);
        Assert.Equal("transactional", sent.IpPoolName);
        Assert.True(sent.TrackingSettings!.ClickTracking!.Enable);
        Assert.True(sent.TrackingSettings.ClickTracking.EnableText);
        Assert.True(sent.TrackingSettings.OpenTracking!.Enable);
        Assert.Equal("high", sent.Headers!["Importance"]);
        Assert.Equal("1 (Highest)", sent.Headers["X-Priority"]);
        Assert.Null(sent.MailSettings?.SandboxMode);
        var args = Assert.Single(sent.Personalizations!).CustomArgs!;
        Assert.Equal("msg-00000", args[PortalMerge.MessageIdArg]);
        Assert.Equal("portal-7", args[PortalMerge.PortalIdArg]);
    }

    [Fact]
    public async Task SendAsync_MessageOwnSettings_WinOverPortalDefaults()
    {
        await using var h = await Harness.StartAsync();
        var mail = Harness.Mail() with
        {
            IpPoolName = "marketing",
            Headers = new Dictionary<string, string> { ["X-Priority"] = "5" },
            TrackingSettings = new TrackingSettings { ClickTracking = new ClickTracking { Enable = false }, OpenTracking = new OpenTracking { Enable = false } },
            MailSettings = new MailSettings { SandboxMode = new EnableSetting { Enable = false } },
            Personalizations = [Harness.Mail().Personalizations![0] with { CustomArgs = new Dictionary<string, string> { ["order"] = "42" } }],
        };

        await h.SendAsync(h.Portal(defaults: Defaults with { SandboxMode = true }), mail);

        var request = Assert.Single(h.Server.MailSends);
        var sent = request.Mail();
        Assert.Equal(202, request.Status); // the message turned sandbox off for itself
        Assert.Equal("marketing", sent.IpPoolName);
        Assert.False(sent.TrackingSettings!.ClickTracking!.Enable);
        Assert.True(sent.TrackingSettings.ClickTracking.EnableText);
        Assert.False(sent.TrackingSettings.OpenTracking!.Enable);
        Assert.Equal("5", sent.Headers!["X-Priority"]);
        Assert.False(sent.Headers.ContainsKey("Importance"));
        var args = Assert.Single(sent.Personalizations!).CustomArgs!;
        Assert.Equal("42", args["order"]);
        Assert.Equal("msg-00000", args[PortalMerge.MessageIdArg]);
    }

    [Fact]
    public async Task SendAsync_SandboxDefault_SetsSandboxMode()
    {
        await using var h = await Harness.StartAsync();

        await h.SendAsync(h.Portal(defaults: Defaults with { SandboxMode = true }), Harness.Mail());

        Assert.True(Assert.Single(h.Server.MailSends).Mail().MailSettings!.SandboxMode!.Enable);
    }

    [Fact]
    public async Task SendAsync_ElevenCategories_KeepsTenMessageFirst()
    {
        await using var h = await Harness.StartAsync();
        var own = Enumerable.Range(0, 8).Select(i => $"own{i}").ToArray();

        await h.SendAsync(h.Portal(defaults: Defaults with { Categories = ["p1", "p2", "p3"] }), Harness.Mail() with { Categories = own });

        Assert.Equal([.. own, "p1", "p2"], Assert.Single(h.Server.MailSends).Mail().Categories);
    }
}
