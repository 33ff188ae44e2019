using OrleansNotify.Mail;
using OrleansNotify.Portals;

namespace OrleansNotify.Tests.Mail;

public class PortalMergeTests
{
    private static readonly EmailAddress PortalFrom = new() { Email = "portal@example.com", Name = "Portal" };
    private static readonly EmailAddress PortalReplyTo = new() { Email = "help@example.com" };

    private static PortalDefaults Defaults() => new()
    {
        From = PortalFrom,
        ReplyTo = PortalReplyTo,
        Categories = ["Primary", "Social"],
        DeliveryImportance = DeliveryImportance.High,
        IpPoolName = "marketing",
        ClickTracking = true,
        TextTracking = true,
        OpenTracking = true,
    };

    private static MailSendRequest Mail() => new()
    {
        Personalizations = [new Personalization { To = [new EmailAddress { Email = "a@example.com" }] }, new Personalization { To = [new EmailAddress { Email = "b@example.com" }] }],
        Subject = "Hi",
        Content = [new MailContent { Type = "text/plain", Value = "Hi" }],
    };

    [Fact]
    public void ApplyPortal_MessageWithoutSettings_TakesPortalDefaults()
    {
        var merged = Mail().ApplyPortal("p1", "m1", Defaults());

        Assert.Equal(PortalFrom, merged.From);
        Assert.Equal(PortalReplyTo, merged.ReplyTo);
        Assert.Equal(["Primary", "Social"], merged.Categories);
        Assert.Equal("marketing", merged.IpPoolName);
        Assert.Equal(true, merged.TrackingSettings?.ClickTracking?.Enable);
        Assert.Equal(true, merged.TrackingSettings?.ClickTracking?.EnableText);
        Assert.Equal(true, merged.TrackingSettings?.OpenTracking?.Enable);
    }

    [Fact]
    public void ApplyPortal_MessageOwnSettings_MessageWins()
    {
        var from = new EmailAddress { Email = "own@example.com" };
        var mail = Mail() with
        {
            From = from,
            ReplyToList = [new EmailAddress { Email = "r1@example.com" }],
            IpPoolName = "transactional",
            TrackingSettings = new TrackingSettings
            {
                ClickTracking = new ClickTracking { Enable = false, EnableText = false },
                OpenTracking = new OpenTracking { Enable = false, SubstitutionTag = "%open%" },
            },
            MailSettings = new MailSettings { SandboxMode = new EnableSetting { Enable = false } },
        };

        var merged = mail.ApplyPortal("p1", "m1", Defaults() with { SandboxMode = true });

        Assert.Same(from, merged.From);
        Assert.Null(merged.ReplyTo); // reply_to_list given: the portal's reply_to must not join it
        Assert.Equal("transactional", merged.IpPoolName);
        Assert.Equal(false, merged.TrackingSettings?.ClickTracking?.Enable);
        Assert.Equal(false, merged.TrackingSettings?.ClickTracking?.EnableText);
        Assert.Equal(false, merged.TrackingSettings?.OpenTracking?.Enable);
        Assert.Equal("%open%", merged.TrackingSettings?.OpenTracking?.SubstitutionTag);
        Assert.False(merged.IsSandbox());
    }

    [Fact]
    public void ApplyPortal_Categories_UnionMessageFirstWithoutDuplicates()
    {
        var merged = (Mail() with { Categories = ["Orders", "Primary"] }).ApplyPortal("p1", "m1", Defaults());

        Assert.Equal(["Orders", "Primary", "Social"], merged.Categories);
    }

    [Fact]
    public void ApplyPortal_CategoriesUnionOverTen_CappedAtTenMessageFirst()
    {
        var own = Enumerable.Range(0, 9).Select(i => $"own{i}").ToArray();

        var merged = (Mail() with { Categories = own }).ApplyPortal("p1", "m1", Defaults());

        Assert.Equal([.. own, "Primary"], merged.Categories);
        Assert.Equal(PortalMerge.MaxCategories, merged.Categories!.Count);
    }

    [Fact]
    public void ApplyPortal_NoPortalCategories_KeepsMessageCategories()
    {
        var merged = (Mail() with { Categories = ["Orders"] }).ApplyPortal("p1", "m1", Defaults() with { Categories = null });

        Assert.Equal(["Orders"], merged.Categories);
    }

    [Theory]
    [InlineData(DeliveryImportance.High, "high", "1 (Highest)")]
    [InlineData(DeliveryImportance.Normal, "normal", "3 (Normal)")]
    [InlineData(DeliveryImportance.Low, "low", "5 (Lowest)")]
    public void ApplyPortal_NoOwnImportance_AddsPortalImportanceHeaders(DeliveryImportance importance, string value, string priority)
    {
        var merged = (Mail() with { Headers = new Dictionary<string, string> { ["X-Campaign"] = "autumn" } })
            .ApplyPortal("p1", "m1", Defaults() with { DeliveryImportance = importance });

        Assert.Equal(value, merged.Headers![ImportanceHeaders.Importance]);
        Assert.Equal(priority, merged.Headers[ImportanceHeaders.XPriority]);
        Assert.Equal("autumn", merged.Headers["X-Campaign"]);
    }

    [Fact]
    public void ApplyPortal_OwnXPriority_KeptAndNoImportanceAdded()
    {
        var merged = (Mail() with { Headers = new Dictionary<string, string> { ["x-priority"] = "5" } }).ApplyPortal("p1", "m1", Defaults());

        Assert.Equal("5", merged.Headers!["x-priority"]);
        Assert.False(merged.Headers.ContainsKey(ImportanceHeaders.Importance));
        Assert.Single(merged.Headers);
    }

    [Fact]
    public void ApplyPortal_EveryPersonalization_GetsMessageAndPortalIds()
    {
        var mail = Mail() with
        {
            Personalizations = [.. Mail().Personalizations!.Select((p, i) => i == 0 ? p with { CustomArgs = new Dictionary<string, string> { ["order"] = "42" } } : p)],
        };

        var merged = mail.ApplyPortal("portal-7", "msg-9", Defaults());

        Assert.Equal(2, merged.Personalizations!.Count);
        Assert.All(merged.Personalizations, p =>
        {
            Assert.Equal("msg-9", p.CustomArgs![PortalMerge.MessageIdArg]);
            Assert.Equal("portal-7", p.CustomArgs[PortalMerge.PortalIdArg]);
        });
        Assert.Equal("42", merged.Personalizations[0].CustomArgs!["order"]);
    }

    [Fact]
    public void ApplyPortal_CallerSpoofsIds_OursWin()
    {
        var mail = Mail() with { Personalizations = [Mail().Personalizations![0] with { CustomArgs = new Dictionary<string, string> { [PortalMerge.PortalIdArg] = "other-portal" } }] };

        var merged = mail.ApplyPortal("p1", "m1", Defaults());

        Assert.Equal("p1", merged.Personalizations![0].CustomArgs![PortalMerge.PortalIdArg]);
    }

    [Fact]
    public void ApplyPortal_PortalSandbox_EnablesSandboxUnlessMessageSays()
    {
        Assert.True(Mail().ApplyPortal("p1", "m1", Defaults() with { SandboxMode = true }).IsSandbox());
        Assert.False(Mail().ApplyPortal("p1", "m1", Defaults()).IsSandbox());
        var ownOn = Mail() with { MailSettings = new MailSettings { SandboxMode = new EnableSetting { Enable = true } } };
        Assert.True(ownOn.ApplyPortal("p1", "m1", Defaults()).IsSandbox());
    }

    [Fact]
    public void ApplyPortal_PortalTrackingOff_MessageTrackingOnKept()
    {
        var mail = Mail() with { TrackingSettings = new TrackingSettings { OpenTracking = new OpenTracking { Enable = true } } };

        var merged = mail.ApplyPortal("p1", "m1", Defaults() with { ClickTracking = false, TextTracking = false, OpenTracking = false });

        Assert.Equal(true, merged.TrackingSettings?.OpenTracking?.Enable);
        Assert.Equal(false, merged.TrackingSettings?.ClickTracking?.Enable);
        Assert.Equal(false, merged.TrackingSettings?.ClickTracking?.EnableText);
    }

    [Fact]
    public void ApplyPortal_Original_NotChanged()
    {
        var mail = Mail() with { Headers = new Dictionary<string, string> { ["X-A"] = "1" } };

        _ = mail.ApplyPortal("p1", "m1", Defaults());

        Assert.Null(mail.From);
        Assert.Single(mail.Headers!);
        Assert.Null(mail.Personalizations![0].CustomArgs);
    }
}
