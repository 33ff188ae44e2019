using OrleansNotify.Mail;
using OrleansNotify.Portals;
using OrleansNotify.Validation;
using static OrleansNotify.Tests.Validation.PortalSamples;

namespace OrleansNotify.Tests.Validation;

public class PortalConfigValidatorTests
{
    [Fact]
    public void Validate_DisplayNameOver200_NamesDisplayName()
    {
        AssertValid(SendGrid() with { DisplayName = new string('d', 200) });
        AssertOnlyField(SendGrid() with { DisplayName = new string('d', 201) }, "displayName");
    }

    [Fact]
    public void Validate_DisplayNameWithLineBreak_NamesDisplayName() =>
        AssertOnlyField(SendGrid() with { DisplayName = "a\r\nb" }, "displayName");

    [Fact]
    public void Validate_InvalidDefaultFrom_NamesDefaultsFromEmail() =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { From = new EmailAddress { Email = "nope" } } }, "defaults.from.email");

    [Fact]
    public void Validate_DefaultFromNameWithLineBreak_NamesDefaultsFromName() =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { From = new EmailAddress { Email = "a@example.com", Name = "A\nB" } } }, "defaults.from.name");

    [Fact]
    public void Validate_InvalidDefaultReplyTo_NamesDefaultsReplyToEmail() =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { ReplyTo = new EmailAddress { Email = "r@" } } }, "defaults.replyTo.email");

    [Fact]
    public void Validate_ElevenDefaultCategories_NamesDefaultsCategories() =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { Categories = [.. Enumerable.Range(0, 11).Select(i => $"c{i}")] } }, "defaults.categories");

    [Fact]
    public void Validate_BadDefaultCategory_NamesIt() =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { Categories = ["Primary", ""] } }, "defaults.categories.1");

    [Fact]
    public void Validate_DuplicateDefaultCategory_NamesTheRepeat() =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { Categories = ["Primary", "Social", "Social"] } }, "defaults.categories.2");

    [Theory]
    [InlineData(1)]
    [InlineData(65)]
    public void Validate_BadIpPoolName_NamesDefaultsIpPoolName(int length) =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { IpPoolName = new string('p', length) } }, "defaults.ipPoolName");

    [Fact]
    public void Validate_UndefinedImportance_NamesDeliveryImportance() =>
        AssertOnlyField(SendGrid() with { Defaults = SendGrid().Defaults with { DeliveryImportance = (DeliveryImportance)7 } }, "defaults.deliveryImportance");

    [Fact]
    public void Validate_NullDefaults_NamesDefaults() => AssertOnlyField(SendGrid() with { Defaults = null! }, "defaults");

    [Fact]
    public void Validate_NullThrottle_NamesThrottle() => AssertOnlyField(SendGrid() with { Throttle = null! }, "throttle");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_BadPerSecond_NamesPerSecond(double perSecond) =>
        AssertOnlyField(SendGrid() with { Throttle = new ThrottleSettings { PerSecond = perSecond } }, "throttle.perSecond");

    [Fact]
    public void Validate_ThrottleEdges_NoErrors() =>
        AssertValid(SendGrid() with { Throttle = new ThrottleSettings { PerSecond = 0.01, Burst = 1, MaxConcurrency = 256, DailyQuota = 1 } });

    [Fact]
    public void Validate_BurstZero_NamesBurst() =>
        AssertOnlyField(SendGrid() with { Throttle = new ThrottleSettings { Burst = 0 } }, "throttle.burst");

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void Validate_BadMaxConcurrency_NamesMaxConcurrency(int max) =>
        AssertOnlyField(SendGrid() with { Throttle = new ThrottleSettings { MaxConcurrency = max } }, "throttle.maxConcurrency");

    [Fact]
    public void Validate_DailyQuotaZero_NamesDailyQuota() =>
        AssertOnlyField(SendGrid() with { Throttle = new ThrottleSettings { DailyQuota = 0 } }, "throttle.dailyQuota");

    [Fact]
    public void Validate_ManyFailures_AllReportedTogether()
    {
        var config = new PortalConfig
        {
            DisplayName = new string('d', 300),
            Notifier = new NotifierConfig { Kind = "smtp", Port = 0 },
            Defaults = new PortalDefaults { IpPoolName = "x" },
            Throttle = new ThrottleSettings { Burst = 0 },
        };

        var fields = PortalConfigValidator.Validate(config).Select(e => e.Field).Order(StringComparer.Ordinal);

        Assert.Equal(["defaults.ipPoolName", "displayName", "notifier.host", "notifier.port", "notifier.security", "throttle.burst"], fields);
    }

    [Theory]
    [InlineData("portal-1", true)]
    [InlineData("A_b", true)]
    [InlineData("-x", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void IsValidPortalId_Cases_AsDocumented(string id, bool valid) =>
        Assert.Equal(valid, PortalConfigValidator.IsValidPortalId(id));
}
