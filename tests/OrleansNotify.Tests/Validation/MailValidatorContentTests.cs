using OrleansNotify.Mail;
using OrleansNotify.Validation;
using static OrleansNotify.Tests.Validation.MailSamples;

namespace OrleansNotify.Tests.Validation;

public class MailValidatorContentTests
{
    [Fact]
    public void Validate_NoFromWithoutPortalDefault_NamesFrom() =>
        AssertOnlyField(Valid() with { From = null }, "from");

    [Fact]
    public void Validate_NoFromWithPortalDefault_NoErrors() =>
        AssertValid(Valid() with { From = null }, Context(hasDefaultFrom: true));

    [Fact]
    public void Validate_InvalidFrom_NamesFromEmail() =>
        AssertOnlyField(Valid() with { From = Address("noreply@") }, "from.email");

    [Fact]
    public void Validate_FromNameWithLineBreak_NamesFromName() =>
        AssertOnlyField(Valid() with { From = Address("noreply@example.com", "Ex\r\nX-Evil: 1") }, "from.name");

    [Fact]
    public void Validate_NoSubjectAnywhere_NamesSubject() =>
        AssertOnlyField(Valid() with { Subject = null }, "subject");

    [Fact]
    public void Validate_SubjectOnEveryPersonalization_NoErrors() =>
        AssertValid(Valid() with { Subject = null, Personalizations = [To("a@example.com") with { Subject = "A" }, To("b@example.com") with { Subject = "B" }] });

    [Fact]
    public void Validate_SubjectOnSomePersonalizations_NamesSubject() =>
        AssertOnlyField(Valid() with { Subject = "", Personalizations = [To("a@example.com") with { Subject = "A" }, To("b@example.com")] }, "subject");

    [Fact]
    public void Validate_TemplateWithoutSubjectOrContent_NoErrors() =>
        AssertValid(Valid() with { Subject = null, Content = null, TemplateId = "d-0123456789abcdef" });

    [Fact]
    public void Validate_SubjectWithLineBreak_NamesSubject() =>
        AssertOnlyField(Valid() with { Subject = "Hi\r\nBcc: all@example.com" }, "subject");

    [Fact]
    public void Validate_PersonalizationSubjectWithLineBreak_NamesIt() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com") with { Subject = "A\nB" }] }, "personalizations.0.subject");

    [Fact]
    public void Validate_NoContentNoTemplate_NamesContent() =>
        AssertOnlyField(Valid() with { Content = [] }, "content");

    [Fact]
    public void Validate_ContentWithoutType_NamesContentType() =>
        AssertOnlyField(Valid() with { Content = [new MailContent { Value = "Hi" }] }, "content.0.type");

    [Fact]
    public void Validate_ContentWithoutValue_NamesContentValue() =>
        AssertOnlyField(Valid() with { Content = [new MailContent { Type = "text/plain", Value = "Hi" }, new MailContent { Type = "text/html", Value = "" }] }, "content.1.value");

    [Fact]
    public void Validate_HtmlBeforePlain_NamesMisplacedType() =>
        AssertOnlyField(Valid() with { Content = [new MailContent { Type = "text/html", Value = "<p>Hi</p>" }, new MailContent { Type = "text/plain", Value = "Hi" }] }, "content.1.type");

    [Fact]
    public void Validate_PlainWithCharsetFirstThenHtmlThenOther_NoErrors() =>
        AssertValid(Valid() with { Content = [new MailContent { Type = "text/plain; charset=utf-8", Value = "Hi" }, new MailContent { Type = "text/html", Value = "<p>Hi</p>" }, new MailContent { Type = "text/calendar", Value = "BEGIN:VCALENDAR" }] });

    [Fact]
    public void Validate_AttachmentNotBase64_NamesAttachmentContent() =>
        AssertOnlyField(Valid() with { Attachments = [new MailAttachment { Content = "not base64!", Filename = "a.txt" }] }, "attachments.0.content");

    [Fact]
    public void Validate_AttachmentWithoutFilename_NamesFilename() =>
        AssertOnlyField(Valid() with { Attachments = [Attachment(), Attachment() with { Filename = null }] }, "attachments.1.filename");

    [Fact]
    public void Validate_AttachmentBadDisposition_NamesDisposition() =>
        AssertOnlyField(Valid() with { Attachments = [Attachment() with { Disposition = "embedded" }] }, "attachments.0.disposition");

    [Fact]
    public void Validate_InlineWithoutContentId_NamesContentId() =>
        AssertOnlyField(Valid() with { Attachments = [Attachment() with { Disposition = "inline" }] }, "attachments.0.content_id");

    [Fact]
    public void Validate_InlineWithContentId_NoErrors() =>
        AssertValid(Valid() with { Attachments = [Attachment() with { Disposition = "inline", ContentId = "logo@example", Type = "image/png" }] });

    [Fact]
    public void Validate_TotalSizeAt30MB_NamesAttachments()
    {
        // Base64 length counts, as SendGrid measures it: 30 MiB of base64 is over, just under is fine.
        var under = new string('A', (int)(MailLimits.MaxTotalBytes - 1024));
        AssertValid(Valid() with { Attachments = [Attachment() with { Content = under }] });
        var over = new string('A', (int)MailLimits.MaxTotalBytes);
        AssertOnlyField(Valid() with { Attachments = [Attachment() with { Content = over }] }, "attachments");
    }

    [Fact]
    public void Validate_ContentAlone30MB_NamesContent() =>
        AssertOnlyField(Valid() with { Content = [new MailContent { Type = "text/plain", Value = new string('x', (int)MailLimits.MaxTotalBytes) }] }, "content");

    private static MailAttachment Attachment() => new() { Content = Convert.ToBase64String("hello"u8), Filename = "hello.txt", Type = "text/plain" };
}
