using OrleansNotify.Portals;
using OrleansNotify.Validation;
using static OrleansNotify.Tests.Validation.PortalSamples;

namespace OrleansNotify.Tests.Validation;

public class PortalConfigValidatorNotifierTests
{
    [Fact]
    public void Validate_IssueExampleSendGrid_NoErrors() => AssertValid(SendGrid());

    [Fact]
    public void Validate_EveryKindMinimal_NoErrors()
    {
        AssertValid(With(new NotifierConfig { Kind = "sendgrid", ApiKey = "SG.x" }));
        AssertValid(With(new NotifierConfig { Kind = "sendgrid-smtp", ApiKey = "SG.x" }));
        AssertValid(With(new NotifierConfig { Kind = "smtp", Host = "mail.example.com", Port = 587, Security = "starttls", UserName = "u", Password = "p" }));
        AssertValid(With(new NotifierConfig { Kind = "pickup", Folder = "/tmp/pickup" }));
    }

    [Fact]
    public void Validate_NoNotifier_NamesNotifier() => AssertOnlyField(SendGrid() with { Notifier = null }, "notifier");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SendGrid")]
    [InlineData("mailgun")]
    public void Validate_UnknownKind_NamesKind(string? kind) =>
        AssertOnlyField(With(new NotifierConfig { Kind = kind, ApiKey = "SG.x" }), "notifier.kind");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SG.x\r\nX-Evil: 1")]
    [InlineData("SG x")]
    public void Validate_SendGridBadApiKey_NamesApiKey(string? key) =>
        AssertOnlyField(With(new NotifierConfig { Kind = "sendgrid", ApiKey = key }), "notifier.apiKey");

    [Fact]
    public void Validate_SendGridEuRegion_NoErrors() =>
        AssertValid(With(new NotifierConfig { Kind = "sendgrid", ApiKey = "SG.x", Region = "eu" }));

    [Fact]
    public void Validate_SendGridUnknownRegion_NamesRegion() =>
        AssertOnlyField(With(new NotifierConfig { Kind = "sendgrid", ApiKey = "SG.x", Region = "us" }), "notifier.region");

    [Theory]
    [InlineData("api.sendgrid.com")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/v3")]
    public void Validate_SendGridBadBaseUrl_NamesBaseUrl(string url) =>
        AssertOnlyField(With(new NotifierConfig { Kind = "sendgrid", ApiKey = "SG.x", BaseUrl = url }), "notifier.baseUrl");

    [Fact]
    public void Validate_SendGridLoopbackBaseUrl_NoErrors() =>
        AssertValid(With(new NotifierConfig { Kind = "sendgrid", ApiKey = "SG.x", BaseUrl = "http://127.0.0.1:5099" }));

    [Fact]
    public void Validate_SendGridSmtpWithoutApiKey_NamesApiKey() =>
        AssertOnlyField(With(new NotifierConfig { Kind = "sendgrid-smtp" }), "notifier.apiKey");

    [Fact]
    public void Validate_SendGridSmtpBadSecurity_NamesSecurity() =>
        AssertOnlyField(With(new NotifierConfig { Kind = "sendgrid-smtp", ApiKey = "SG.x", Security = "ssl" }), "notifier.security");

    [Fact]
    public void Validate_SendGridSmtpBadPort_NamesPort() =>
        AssertOnlyField(With(new NotifierConfig { Kind = "sendgrid-smtp", ApiKey = "SG.x", Port = 70000 }), "notifier.port");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad host")]
    [InlineData("smtp.example.com\r\n")]
    public void Validate_SmtpBadHost_NamesHost(string? host) =>
        AssertOnlyField(Smtp() with { Notifier = Smtp().Notifier! with { Host = host } }, "notifier.host");

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-25)]
    public void Validate_SmtpBadPort_NamesPort(int? port) =>
        AssertOnlyField(Smtp() with { Notifier = Smtp().Notifier! with { Port = port } }, "notifier.port");

    [Theory]
    [InlineData(null)]
    [InlineData("ssl")]
    [InlineData("TLS")]
    public void Validate_SmtpBadSecurity_NamesSecurity(string? security) =>
        AssertOnlyField(Smtp() with { Notifier = Smtp().Notifier! with { Security = security } }, "notifier.security");

    [Fact]
    public void Validate_SmtpUserWithoutPassword_NamesPassword() =>
        AssertOnlyField(Smtp() with { Notifier = Smtp().Notifier! with { UserName = "u" } }, "notifier.password");

    [Fact]
    public void Validate_SmtpPasswordWithoutUser_NamesUserName() =>
        AssertOnlyField(Smtp() with { Notifier = Smtp().Notifier! with { Password = "p" } }, "notifier.userName");

    [Fact]
    public void Validate_SmtpUserNameWithLineBreak_NamesUserName() =>
        AssertOnlyField(Smtp() with { Notifier = Smtp().Notifier! with { UserName = "u\r\nRSET", Password = "p" } }, "notifier.userName");

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("/tmp/a\nb")]
    public void Validate_PickupBadFolder_NamesFolder(string? folder) =>
        AssertOnlyField(With(new NotifierConfig { Kind = "pickup", Folder = folder }), "notifier.folder");

    [Fact]
    public void Validate_ErrorsNeverEchoSecrets()
    {
        const string secret = "SG.very-secret\r\n";
        var errors = PortalConfigValidator.Validate(With(new NotifierConfig { Kind = "sendgrid", ApiKey = secret }));
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.DoesNotContain("very-secret", e.Message + e.Help + e.Field, StringComparison.Ordinal));
    }
}
