using OrleansNotify.Mail;
using static OrleansNotify.Tests.Validation.MailSamples;

namespace OrleansNotify.Tests.Validation;

public class MailValidatorHeaderTests
{
    [Fact]
    public void Validate_CustomHeaders_NoErrors() =>
        AssertValid(Valid() with { Headers = new Dictionary<string, string> { ["X-Campaign"] = "autumn", ["List-Unsubscribe"] = "<mailto:u@example.com>", ["Importance"] = "high" } });

    [Theory]
    [InlineData("x-sg-id")]
    [InlineData("X-SG-EID")]
    [InlineData("Received")]
    [InlineData("DKIM-Signature")]
    [InlineData("content-type")]
    [InlineData("Content-Transfer-Encoding")]
    [InlineData("To")]
    [InlineData("FROM")]
    [InlineData("Subject")]
    [InlineData("Reply-To")]
    [InlineData("cc")]
    [InlineData("Bcc")]
    public void Validate_ReservedHeader_NamesHeader(string name) =>
        AssertOnlyField(Valid() with { Headers = new Dictionary<string, string> { [name] = "x" } }, $"headers.{name}");

    [Theory]
    [InlineData("X-Foo", "a\r\nBcc: victim@example.com")]
    [InlineData("X-Foo", "a\nb")]
    [InlineData("X-Foo", "a\0b")]
    [InlineData("X-Foo\r\nBcc", "x")]
    [InlineData("X Foo", "x")]
    [InlineData("X-Foo:", "x")]
    [InlineData("X-Föö", "x")]
    [InlineData("", "x")]
    public void Validate_InjectedOrInvalidHeader_NamesHeader(string name, string value) =>
        AssertOnlyField(Valid() with { Headers = new Dictionary<string, string> { [name] = value } }, $"headers.{name}");

    [Fact]
    public void Validate_PersonalizationHeaderInjection_NamesPersonalizationHeader() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com"), To("b@example.com") with { Headers = new Dictionary<string, string> { ["X-Foo"] = "a\r\nb" } }] }, "personalizations.1.headers.X-Foo");

    [Fact]
    public void Validate_PersonalizationReservedHeader_NamesPersonalizationHeader() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com") with { Headers = new Dictionary<string, string> { ["bcc"] = "x@example.com" } }] }, "personalizations.0.headers.bcc");

    [Fact]
    public void Validate_SubstitutionWithLineBreakUsedInSubject_NamesSubstitution() =>
        AssertOnlyField(Valid() with { Subject = "Hello -name-", Personalizations = [To("a@example.com") with { Substitutions = new Dictionary<string, string> { ["-name-"] = "Ann\r\nBcc: victim@example.com" } }] }, "personalizations.0.substitutions.-name-");

    [Fact]
    public void Validate_SubstitutionWithLineBreakOnlyInBody_NoErrors() =>
        AssertValid(Valid() with { Content = [new MailContent { Type = "text/plain", Value = "Ship to: -address-" }], Personalizations = [To("a@example.com") with { Substitutions = new Dictionary<string, string> { ["-address-"] = "1 Main St\r\nSpringfield" } }] });
}
