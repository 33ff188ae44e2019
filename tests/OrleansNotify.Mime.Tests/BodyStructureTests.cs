using static OrleansNotify.Mime.Tests.Mails;

namespace OrleansNotify.Mime.Tests;

/// <summary>The body tree as Python's email package reads it: one test per shape of content.</summary>
public sealed class BodyStructureTests
{
    [Fact]
    public async Task Create_TextOnly_SingleTextPlainPart()
    {
        var parsed = await BuildAndParseAsync(NewMail(Text("Just text.\nSecond line.")));

        Assert.Equal("text/plain", parsed.Shape);
        var part = Assert.Single(parsed.Parts);
        Assert.Equal("utf-8", part.Charset);
        Assert.Equal("Just text.\nSecond line.", part.Body);
        Assert.False(parsed.BareLf);
    }

    [Fact]
    public async Task Create_HtmlOnly_SingleTextHtmlPart()
    {
        var parsed = await BuildAndParseAsync(NewMail(Html("<p>Only <b>HTML</b></p>")));

        Assert.Equal("text/html", parsed.Shape);
        Assert.Equal("<p>Only <b>HTML</b></p>", Assert.Single(parsed.Parts).Body);
    }

    [Fact]
    public async Task Create_TextAndHtml_AlternativeWithTextFirst()
    {
        var parsed = await BuildAndParseAsync(NewMail(Text("plain body"), Html("<p>html body</p>")));

        Assert.Equal("multipart/alternative text/plain text/html", parsed.Shape);
        Assert.Equal("plain body", parsed.Leaves[0].Body);
        Assert.Equal("<p>html body</p>", parsed.Leaves[1].Body);
    }

    [Fact]
    public async Task Create_NonAsciiText_Utf8QuotedPrintableDecodesExactly()
    {
        const string Body = "Grüße — 日本語のテキスト, emoji 🎉 and a tab\there.";
        var parsed = await BuildAndParseAsync(NewMail(Text(Body), Html($"<p>{Body}</p>")));

        Assert.Equal(Body, parsed.Leaves[0].Body);
        Assert.Equal($"<p>{Body}</p>", parsed.Leaves[1].Body);
        Assert.All(parsed.Leaves, p => Assert.Equal("quoted-printable", p.TransferEncoding));
        Assert.All(parsed.Leaves, p => Assert.Equal("utf-8", p.Charset));
    }

    [Theory]
    [InlineData("ASCII line one\r\nline two\r\n\r\nafter a blank line")]
    [InlineData("Grüße, Zeile eins\r\nZeile zwei\nZeile drei")]
    public async Task Create_CrLfAndLfLineEnds_DecodeToTheSameLines(string body)
    {
        var parsed = await BuildAndParseAsync(NewMail(Text(body), Html(body)));

        var expected = body.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, parsed.Leaves[0].Body);
        Assert.Equal(expected, parsed.Leaves[1].Body);
        Assert.False(parsed.BareLf);
    }

    [Fact]
    public async Task Create_LongLinesWithoutSpaces_EncodedUnder78AndDecodedIntact()
    {
        var longText = new string('x', 1000) + new string('y', 1000);
        var longHtml = "<p>" + string.Concat(Enumerable.Repeat("abcdefghij", 200)) + "</p>";

        var parsed = await BuildAndParseAsync(NewMail(Text(longText), Html(longHtml)));

        Assert.Equal(longText, parsed.Leaves[0].Body);
        Assert.Equal(longHtml, parsed.Leaves[1].Body);
        Assert.InRange(parsed.MaxLineLength, 1, 78);
    }

    [Fact]
    public async Task Create_CalendarAfterHtml_ThirdAlternativeInGivenOrder()
    {
        var calendar = new OrleansNotify.Mail.MailContent { Type = "text/calendar; method=REQUEST", Value = "BEGIN:VCALENDAR\nEND:VCALENDAR" };
        var parsed = await BuildAndParseAsync(NewMail(Text("t"), Html("<p>h</p>"), calendar));

        Assert.Equal("multipart/alternative text/plain text/html text/calendar", parsed.Shape);
        Assert.Equal("BEGIN:VCALENDAR\nEND:VCALENDAR", parsed.Leaves[2].Body);
    }

    [Fact]
    public async Task Create_NoContent_EmptyTextPart()
    {
        var parsed = await BuildAndParseAsync(NewMail() with { TemplateId = "d-0123" });

        Assert.Equal("text/plain", parsed.Shape);
        Assert.Equal(string.Empty, parsed.Leaves[0].Body);
    }

    [Fact]
    public async Task Create_Substitutions_AppliedToSubjectTextAndHtml()
    {
        var mail = NewMail(Text("Dear -name-, your code is -code-."), Html("<p>Dear -name-</p>")) with
        {
            Subject = "Welcome -name-",
            Personalizations = [To("a@example.org") with { Substitutions = new Dictionary<string, string> { ["-name-"] = "Zoë", ["-code-"] = "42" } }],
        };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal("Welcome Zoë", parsed.Header("Subject"));
        Assert.Equal("Dear Zoë, your code is 42.", parsed.Leaves[0].Body);
        Assert.Equal("<p>Dear Zoë</p>", parsed.Leaves[1].Body);
    }
}
