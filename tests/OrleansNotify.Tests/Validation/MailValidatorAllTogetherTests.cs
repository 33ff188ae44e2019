using System.Text.Json;
using OrleansNotify.Mail;
using static OrleansNotify.Tests.Validation.MailSamples;

namespace OrleansNotify.Tests.Validation;

public class MailValidatorAllTogetherTests
{
    [Fact]
    public void Validate_ManyFailures_AllReportedTogether()
    {
        var mail = new MailSendRequest
        {
            Personalizations = [new Personalization { To = [Address("bad")], SendAt = Now.AddDays(5).ToUnixTimeSeconds() }],
            Content = [new MailContent { Type = "text/plain" }],
            Categories = ["a", "a"],
            IpPoolName = "x",
            Headers = new Dictionary<string, string> { ["From"] = "x@example.com" },
            Attachments = [new MailAttachment { Content = "%%%" }],
        };

        var fields = Validate(mail).Select(e => e.Field).Order(StringComparer.Ordinal).ToArray();

        string[] expected =
        [
            "attachments.0.content", "attachments.0.filename", "categories.1", "content.0.value", "from",
            "headers.From", "ip_pool_name", "personalizations.0.send_at", "personalizations.0.to.0.email", "subject",
        ];
        Assert.Equal(expected, fields);
    }

    [Fact]
    public void Validate_SendGridJsonFromTheWire_NoErrors()
    {
        // The shape SendGrid's own SDKs send, read through our source-generated context.
        const string json = """
        {"personalizations":[{"to":[{"email":"ann@example.com","name":"Ann"}],"cc":[{"email":"bob@example.com"}],
          "subject":"Per person","custom_args":{"order":"42"},"substitutions":{"-name-":"Ann"}}],
         "from":{"email":"shop@example.com","name":"Shop"},"reply_to_list":[{"email":"help@example.com"}],
         "content":[{"type":"text/plain","value":"Hi -name-"},{"type":"text/html","value":"<p>Hi -name-</p>"}],
         "attachments":[{"content":"aGVsbG8=","filename":"a.txt","type":"text/plain","disposition":"attachment"}],
         "categories":["Primary"],"custom_args":{"campaign":"autumn"},"headers":{"X-Campaign":"autumn"},
         "asm":{"group_id":7,"groups_to_display":[7,8]},"ip_pool_name":"marketing",
         "mail_settings":{"sandbox_mode":{"enable":true}},"tracking_settings":{"click_tracking":{"enable":true,"enable_text":false}}}
        """;
        var mail = JsonSerializer.Deserialize(json, MailJsonContext.Default.MailSendRequest)!;

        AssertValid(mail);
    }

    [Fact]
    public void Validate_ErrorsSerialiseInSendGridShape()
    {
        var errors = Validate(Valid() with { IpPoolName = "x" });

        var json = JsonSerializer.Serialize(new SendGridErrorResponse { Errors = errors }, MailJsonContext.Default.SendGridErrorResponse);

        using var doc = JsonDocument.Parse(json);
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray().ToArray());
        Assert.Equal("ip_pool_name", error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.StartsWith("https://", error.GetProperty("help").GetString(), StringComparison.Ordinal);
    }
}
