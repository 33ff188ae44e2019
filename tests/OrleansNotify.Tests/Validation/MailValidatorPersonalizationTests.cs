using OrleansNotify.Mail;
using static OrleansNotify.Tests.Validation.MailSamples;

namespace OrleansNotify.Tests.Validation;

public class MailValidatorPersonalizationTests
{
    [Fact]
    public void Validate_ValidSmallMessage_NoErrors() => AssertValid(Valid());

    [Fact]
    public void Validate_NoPersonalizations_NamesPersonalizations()
    {
        AssertOnlyField(Valid() with { Personalizations = [] }, "personalizations");
        AssertOnlyField(Valid() with { Personalizations = null }, "personalizations");
    }

    [Fact]
    public void Validate_ThousandPersonalizations_NoErrors() =>
        AssertValid(Valid() with { Personalizations = [.. Enumerable.Range(0, 1000).Select(i => To($"u{i}@example.com"))] });

    [Fact]
    public void Validate_MoreThanThousandPersonalizations_NamesPersonalizations()
    {
        var mail = Valid() with { Personalizations = [.. Enumerable.Range(0, 1001).Select(i => To($"u{i}@example.com"))] };
        var errors = Validate(mail);
        // Both limits are broken: 1,001 personalizations and 1,001 recipients.
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("personalizations", e.Field));
    }

    [Fact]
    public void Validate_MoreThanThousandRecipientsAcrossToCcBcc_NamesPersonalizations()
    {
        var p = new Personalization
        {
            To = [.. Enumerable.Range(0, 400).Select(i => Address($"t{i}@example.com"))],
            Cc = [.. Enumerable.Range(0, 300).Select(i => Address($"c{i}@example.com"))],
            Bcc = [.. Enumerable.Range(0, 300).Select(i => Address($"b{i}@example.com"))],
        };
        AssertValid(Valid() with { Personalizations = [p] });
        AssertOnlyField(Valid() with { Personalizations = [p, To("one-more@example.com")] }, "personalizations");
    }

    [Fact]
    public void Validate_PersonalizationWithoutTo_NamesItsTo() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com"), new Personalization { Cc = [Address("c@example.com")] }] }, "personalizations.1.to");

    [Fact]
    public void Validate_NullPersonalization_NamesIt() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com"), null!] }, "personalizations.1");

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("a@b")]
    [InlineData("")]
    [InlineData("two@@example.com")]
    public void Validate_InvalidToAddress_NamesIndexedEmail(string email) =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com", email)] }, "personalizations.0.to.1.email");

    [Fact]
    public void Validate_MissingEmailInCc_NamesCcEmail() =>
        AssertOnlyField(Valid() with { Personalizations = [new Personalization { To = [Address("a@example.com")], Cc = [new EmailAddress { Name = "No email" }] }] }, "personalizations.0.cc.0.email");

    [Fact]
    public void Validate_InvalidBccInSecondPersonalization_NamesBccEmail() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com"), new Personalization { To = [Address("b@example.com")], Bcc = [Address("x y@example.com")] }] }, "personalizations.1.bcc.0.email");

    [Fact]
    public void Validate_AddressLongerThan320_NamesEmail()
    {
        var email = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 63), 5)) + ".com";
        Assert.True(email.Length > 320);
        AssertOnlyField(Valid() with { Personalizations = [To(email)] }, "personalizations.0.to.0.email");
    }

    [Fact]
    public void Validate_SameAddressInToAndCcDifferentCase_NamesTheRepeat() =>
        AssertOnlyField(Valid() with { Personalizations = [new Personalization { To = [Address("Ann@Example.com")], Cc = [Address("ann@example.COM")] }] }, "personalizations.0.cc.0.email");

    [Fact]
    public void Validate_SameAddressTwiceInBcc_NamesTheSecond() =>
        AssertOnlyField(Valid() with { Personalizations = [new Personalization { To = [Address("a@example.com")], Bcc = [Address("b@example.com"), Address("B@example.com")] }] }, "personalizations.0.bcc.1.email");

    [Fact]
    public void Validate_DuplicateInLargePersonalization_NamesTheRepeat()
    {
        // Above the pairwise limit the validator switches to a set: the same rule must hold.
        var to = Enumerable.Range(0, 50).Select(i => Address($"u{i}@example.com")).ToList();
        var p = new Personalization { To = to, Bcc = [Address("U7@example.com")] };
        AssertOnlyField(Valid() with { Personalizations = [p] }, "personalizations.0.bcc.0.email");
    }

    [Fact]
    public void Validate_SameAddressInTwoPersonalizations_NoErrors() =>
        AssertValid(Valid() with { Personalizations = [To("a@example.com"), To("a@example.com")] });

    [Theory]
    [InlineData("Ann\r\nBcc: victim@example.com")]
    [InlineData("Ann\n")]
    public void Validate_DisplayNameWithLineBreak_NamesName(string name) =>
        AssertOnlyField(Valid() with { Personalizations = [new Personalization { To = [Address("a@example.com", name)] }] }, "personalizations.0.to.0.name");

    [Fact]
    public void Validate_PersonalizationFromInvalid_NamesItsEmail() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com") with { From = Address("nope") }] }, "personalizations.0.from.email");
}
