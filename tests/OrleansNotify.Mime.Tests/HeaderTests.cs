using OrleansNotify.Mail;
using OrleansNotify.Portals;
using static OrleansNotify.Mime.Tests.Mails;

namespace OrleansNotify.Mime.Tests;

/// <summary>Addresses and headers as Python decodes them.</summary>
public sealed class HeaderTests
{
    [Fact]
    public async Task Create_Utf8SubjectAndDisplayNames_EncodedAndDecodedExactly()
    {
        const string Name = "Zoë Ünïcode — 日本語";
        var mail = NewMail(Text("x")) with
        {
            From = Address("from@example.com", Name),
            Subject = "Grüße aus Köln — 日本語の件名 " + new string('長', 60),
            Personalizations = [To("to@example.org", "Ünïcode Recipient, Jr.")],
        };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal(mail.Subject, parsed.Header("Subject"));
        Assert.Equal(new ParsedAddressOf(Name, "from@example.com"), Single(parsed, "from"));
        Assert.Equal(new ParsedAddressOf("Ünïcode Recipient, Jr.", "to@example.org"), Single(parsed, "to"));
        // MimeKit folds encoded words a few characters past the recommended 78; 998 is the hard limit.
        Assert.InRange(parsed.MaxLineLength, 1, 998);
        Assert.False(parsed.BareLf); // folded header lines end in CRLF too
        Assert.True(parsed.All("Subject").Count == 1 && parsed.Headers.All(h => h[1].All(c => c != '\r' && c != '\n')));
    }

    [Fact]
    public async Task Create_ToCcBcc_BccOnlyInEnvelope()
    {
        var mail = NewMail(Text("x")) with
        {
            Personalizations =
            [
                new Personalization
                {
                    To = [Address("to@example.org", "To")],
                    Cc = [Address("cc1@example.org"), Address("cc2@example.org")],
                    Bcc = [Address("hidden@example.org", "Hidden")],
                },
            ],
        };

        var email = Assert.Single(Factory().Create(mail, "m"));
        var parsed = await ParseAsync(email);

        Assert.Equal(["to@example.org"], parsed.AddressesOf("to").Select(a => a.Email));
        Assert.Equal(["cc1@example.org", "cc2@example.org"], parsed.AddressesOf("cc").Select(a => a.Email));
        Assert.Empty(parsed.All("Bcc"));
        Assert.DoesNotContain(parsed.Headers, h => h[1].Contains("hidden@", StringComparison.Ordinal));
        Assert.Equal(["to@example.org", "cc1@example.org", "cc2@example.org", "hidden@example.org"], email.Recipients.Select(r => r.Address));
    }

    [Fact]
    public async Task Create_MessageId_ContainsMessageIdIndexAndFromDomain()
    {
        var mail = NewMail(Text("x")) with { Personalizations = [To("a@example.org"), To("b@example.org")] };

        var emails = Factory().Create(mail, "0193b2c4d5e6f708");

        Assert.Equal([0, 1], emails.Select(e => e.PersonalizationIndex));
        for (var i = 0; i < emails.Count; i++)
        {
            var parsed = await ParseAsync(emails[i]);
            Assert.Equal($"<0193b2c4d5e6f708.{i}@example.com>", parsed.Header("Message-ID"));
        }
    }

    [Fact]
    public async Task Create_Date_ComesFromTimeProvider()
    {
        var parsed = await BuildAndParseAsync(NewMail(Text("x")));

        Assert.Equal(Now, DateTimeOffset.Parse(parsed.Header("Date"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Create_PersonalizationFromAndSubject_OverrideMessage()
    {
        var mail = NewMail(Text("x")) with
        {
            Personalizations = [To("a@example.org") with { From = Address("other@sub.example.net", "Other"), Subject = "Personal" }],
        };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal("Personal", parsed.Header("Subject"));
        Assert.Equal(new ParsedAddressOf("Other", "other@sub.example.net"), Single(parsed, "from"));
        Assert.EndsWith("@sub.example.net>", parsed.Header("Message-ID"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ReplyToList_AllAddressesInReplyTo()
    {
        var mail = NewMail(Text("x")) with { ReplyToList = [Address("r1@example.com", "R One"), Address("r2@example.com")] };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal(["r1@example.com", "r2@example.com"], parsed.AddressesOf("reply-to").Select(a => a.Email));
        Assert.Equal("R One", parsed.AddressesOf("reply-to")[0].Name);
    }

    [Fact]
    public async Task Create_CustomHeaders_PersonalizationWinsAndUtf8Encoded()
    {
        var mail = NewMail(Text("x")) with
        {
            Headers = new Dictionary<string, string> { ["X-Campaign"] = "spring", ["X-Shared"] = "message", ["X-Note"] = "Grüße 日本" },
            Personalizations = [To("a@example.org") with { Headers = new Dictionary<string, string> { ["x-shared"] = "personal" } }],
        };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal("spring", parsed.Header("X-Campaign"));
        Assert.Equal("personal", parsed.Header("X-Shared"));
        Assert.Equal("Grüße 日本", parsed.Header("X-Note"));
    }

    [Fact]
    public async Task Create_PortalImportanceHigh_ImportanceHeadersWritten()
    {
        var defaults = new PortalDefaults { DeliveryImportance = DeliveryImportance.High };
        var merged = NewMail(Text("x")).ApplyPortal("portal-1", "m1", defaults);

        var parsed = await BuildAndParseAsync(merged);

        Assert.Equal("high", parsed.Header("Importance"));
        Assert.Equal("1 (Highest)", parsed.Header("X-Priority"));
    }

    [Fact]
    public void Create_HeaderValueWithLineBreak_ThrowsFormatException()
    {
        var mail = NewMail(Text("x")) with { Headers = new Dictionary<string, string> { ["X-Evil"] = "a\r\nBcc: victim@example.org" } };

        Assert.Throws<FormatException>(() => Factory().Create(mail, "m"));
    }

    [Fact]
    public void Create_SubjectOrDisplayNameWithLineBreak_ThrowsFormatException()
    {
        var badSubject = NewMail(Text("x")) with { Subject = "Hi\r\nBcc: victim@example.org" };
        var badName = NewMail(Text("x")) with { Personalizations = [To("a@example.org", "Eve\nBcc: victim@example.org")] };

        Assert.Throws<FormatException>(() => Factory().Create(badSubject, "m"));
        Assert.Throws<FormatException>(() => Factory().Create(badName, "m"));
    }

    [Fact]
    public async Task Create_CustomMessageIdHeader_CannotReplaceOurs()
    {
        var mail = NewMail(Text("x")) with { Headers = new Dictionary<string, string> { ["Message-ID"] = "<forged@example.com>" } };

        var parsed = await BuildAndParseAsync(mail, "ours");

        Assert.Equal("<ours.0@example.com>", parsed.Header("Message-ID"));
    }

    private static ParsedAddressOf Single(Testing.Mime.ParsedEmail parsed, string header)
    {
        var address = Assert.Single(parsed.AddressesOf(header));
        return new ParsedAddressOf(address.Name, address.Email);
    }

    private sealed record ParsedAddressOf(string Name, string Email);
}
