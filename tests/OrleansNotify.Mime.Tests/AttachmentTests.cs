using OrleansNotify.Mail;
using static OrleansNotify.Mime.Tests.Mails;

namespace OrleansNotify.Mime.Tests;

/// <summary>Attachments and inline parts, compared byte for byte (sha256) after Python decodes them.</summary>
public sealed class AttachmentTests
{
    [Fact]
    public async Task Create_Attachments_MixedWithBodyFirstAndBytesIntact()
    {
        var pdf = RandomBytes(10_000);
        var csv = "a,b\n1,2\n"u8.ToArray();
        var mail = NewMail(Text("see attached"), Html("<p>see attached</p>")) with
        {
            Attachments = [Attachment(pdf, "application/pdf", "report.pdf"), Attachment(csv, "text/csv", "data.csv")],
        };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal("multipart/mixed multipart/alternative text/plain text/html application/pdf text/csv", parsed.Shape);
        var (pdfPart, csvPart) = (parsed.Parts[4], parsed.Parts[5]);
        Assert.Equal(("attachment", "report.pdf", Sha256(pdf), (long?)pdf.Length), (pdfPart.Disposition, pdfPart.Filename, pdfPart.Sha256, pdfPart.Length));
        Assert.Equal(("attachment", "data.csv", Sha256(csv)), (csvPart.Disposition, csvPart.Filename, csvPart.Sha256));
        Assert.All(parsed.Parts.Skip(4), p => Assert.Equal("base64", p.TransferEncoding));
        Assert.InRange(parsed.MaxLineLength, 1, 78);
    }

    [Fact]
    public async Task Create_InlineImageWithContentId_RelatedAroundHtmlReferencedByCid()
    {
        var png = RandomBytes(3_000);
        var mail = NewMail(Text("logo below"), Html("<p><img src=\"cid:logo123\"></p>")) with
        {
            Attachments = [Attachment(png, "image/png", "logo.png", "inline", "logo123")],
        };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal("multipart/alternative text/plain multipart/related text/html image/png", parsed.Shape);
        var related = parsed.Parts[2];
        Assert.Equal("text/html", related.Params["type"]);
        var image = parsed.Parts[4];
        Assert.Equal(("inline", "<logo123>", Sha256(png), "logo.png"), (image.Disposition, image.ContentId, image.Sha256, image.Filename));
        Assert.Contains("cid:logo123", parsed.Parts[3].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InlineAndRegularAttachment_MixedHoldsRelatedAndAttachment()
    {
        var png = RandomBytes(500);
        var zip = RandomBytes(700);
        var mail = NewMail(Html("<img src=\"cid:pic\">")) with
        {
            Attachments = [Attachment(zip, "application/zip", "all.zip"), Attachment(png, "image/png", "pic.png", "inline", "pic")],
        };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal("multipart/mixed multipart/related text/html image/png application/zip", parsed.Shape);
        Assert.Equal(Sha256(png), parsed.Parts[3].Sha256);
        Assert.Equal(Sha256(zip), parsed.Parts[4].Sha256);
    }

    [Fact]
    public async Task Create_Utf8AttachmentFilename_DecodedByPython()
    {
        var bytes = RandomBytes(64);
        var mail = NewMail(Text("x")) with { Attachments = [Attachment(bytes, "application/octet-stream", "Résumé — 日本.pdf")] };

        var parsed = await BuildAndParseAsync(mail);

        Assert.Equal("Résumé — 日本.pdf", parsed.Parts[2].Filename);
    }

    [Fact]
    public async Task Create_25MBAttachment_RoundTripsByHash()
    {
        var big = RandomBytes(25_000_000);
        var mail = NewMail(Text("big one")) with { Attachments = [Attachment(big, "application/octet-stream", "big.bin")] };

        var parsed = await BuildAndParseAsync(mail);

        var part = parsed.Parts[2];
        Assert.Equal((long?)big.Length, part.Length);
        Assert.Equal(Sha256(big), part.Sha256);
        Assert.InRange(parsed.MaxLineLength, 1, 78);
    }

    [Fact]
    public async Task Create_TwoPersonalizationsShareAttachment_BothCarryIdenticalBytes()
    {
        var bytes = RandomBytes(50_000);
        var mail = NewMail(Text("x")) with
        {
            Personalizations = [To("a@example.org"), To("b@example.org")],
            Attachments = [Attachment(bytes, "application/pdf", "same.pdf")],
        };

        var emails = Factory().Create(mail, "shared");

        Assert.Equal(2, emails.Count);
        foreach (var email in emails)
        {
            var parsed = await ParseAsync(email);
            Assert.Equal(Sha256(bytes), parsed.Parts[2].Sha256);
        }
    }

    [Fact]
    public void Create_AttachmentNotBase64_ThrowsFormatExceptionNamingIt()
    {
        var mail = NewMail(Text("x")) with
        {
            Attachments = [new MailAttachment { Content = "not*base64!", Type = "text/plain", Filename = "a.txt" }],
        };

        var error = Assert.Throws<FormatException>(() => Factory().Create(mail, "m"));
        Assert.Contains("attachments.0.content", error.Message, StringComparison.Ordinal);
    }
}
