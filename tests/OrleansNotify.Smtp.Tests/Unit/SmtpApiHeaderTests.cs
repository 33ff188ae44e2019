using System.Text.Json;
using OrleansNotify.Mail;
using OrleansNotify.Portals;
using OrleansNotify.Smtp.SendGrid;

namespace OrleansNotify.Smtp.Tests.Unit;

public class SmtpApiHeaderTests
{
    private static MailSendRequest Merged(MailSendRequest mail, PortalDefaults? defaults = null) =>
        mail.ApplyPortal("portal-7", "0123456789abcdef0123456789abcdef", defaults ?? new PortalDefaults());

    [Fact]
    public void Json_AllOptions_WritesSendGridFields()
    {
        var mail = SmtpTestKit.Mail("a@example.test") with
        {
            Categories = ["welcome"],
            CustomArgs = new Dictionary<string, string> { ["tenant"] = "t1" },
            SendAt = 1_800_000_000,
            Asm = new Asm { GroupId = 42 },
            MailSettings = new MailSettings { BypassListManagement = new EnableSetting { Enable = true } },
        };
        var merged = Merged(mail, new PortalDefaults { Categories = ["portal"], IpPoolName = "transactional", ClickTracking = true, TextTracking = true, OpenTracking = true });

        using var json = JsonDocument.Parse(SmtpApiHeader.Json(merged, 0));
        var root = json.RootElement;
        Assert.Equal(["welcome", "portal"], root.GetProperty("category").EnumerateArray().Select(c => c.GetString()));
        var args = root.GetProperty("unique_args");
        Assert.Equal("t1", args.GetProperty("tenant").GetString());
        Assert.Equal("0123456789abcdef0123456789abcdef", args.GetProperty("notify_message_id").GetString());
        Assert.Equal("portal-7", args.GetProperty("notify_portal_id").GetString());
        var filters = root.GetProperty("filters");
        Assert.Equal(1, filters.GetProperty("clicktrack").GetProperty("settings").GetProperty("enable").GetInt32());
        Assert.Equal(1, filters.GetProperty("clicktrack").GetProperty("settings").GetProperty("enable_text").GetInt32());
        Assert.Equal(1, filters.GetProperty("opentrack").GetProperty("settings").GetProperty("enable").GetInt32());
        Assert.Equal(1, filters.GetProperty("bypass_list_management").GetProperty("settings").GetProperty("enable").GetInt32());
        Assert.Equal("transactional", root.GetProperty("ip_pool").GetString());
        Assert.Equal(42, root.GetProperty("asm_group_id").GetInt32());
        Assert.Equal(1_800_000_000, root.GetProperty("send_at").GetInt64());
    }

    [Fact]
    public void Json_NonAscii_IsEscapedSoTheHeaderStaysAscii()
    {
        var merged = Merged(SmtpTestKit.Mail("a@example.test") with { CustomArgs = new Dictionary<string, string> { ["name"] = "Zoë – 東京" } });
        var json = SmtpApiHeader.Json(merged, 0);
        Assert.All(json, c => Assert.True(c < 128));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("Zoë – 東京", doc.RootElement.GetProperty("unique_args").GetProperty("name").GetString());
    }

    [Fact]
    public void Fold_LongJson_LinesShortAndUnfoldsToSameJson()
    {
        var args = Enumerable.Range(0, 200).ToDictionary(i => $"key{i}", i => $"value with spaces {i}");
        var merged = Merged(SmtpTestKit.Mail("a@example.test") with { CustomArgs = args });
        var json = SmtpApiHeader.Json(merged, 0);
        var folded = SmtpApiHeader.Fold(json);

        var lines = folded.Split("\r\n");
        Assert.True(lines.Length > 50);
        Assert.True(SmtpApiHeader.LongestLine(folded) < 1000);
        // Lines break soon after 72 characters: at the next comma or colon outside a string.
        Assert.All(lines.Skip(1), l => Assert.True(l.Length < 72 + 40, l));
        Assert.All(lines.Skip(1), l => Assert.StartsWith(" ", l, StringComparison.Ordinal));
        var unfolded = folded.Replace("\r\n", string.Empty, StringComparison.Ordinal);
        using var a = JsonDocument.Parse(json);
        using var b = JsonDocument.Parse(unfolded);
        Assert.Equal(a.RootElement.GetProperty("unique_args").GetProperty("key199").GetString(), b.RootElement.GetProperty("unique_args").GetProperty("key199").GetString());
        Assert.Equal(json.Replace(" ", string.Empty, StringComparison.Ordinal), unfolded.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Fold_CommaInsideString_IsNeverABreak()
    {
        var value = string.Join(",", Enumerable.Repeat("x", 200));
        var json = SmtpApiHeader.Json(Merged(SmtpTestKit.Mail("a@example.test") with { CustomArgs = new Dictionary<string, string> { ["list"] = value } }), 0);
        var unfolded = SmtpApiHeader.Fold(json).Replace("\r\n", string.Empty, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(unfolded);
        Assert.Equal(value, doc.RootElement.GetProperty("unique_args").GetProperty("list").GetString());
    }

    [Fact]
    public void Validate_FittingMessage_NoErrors() =>
        Assert.Empty(SmtpApiHeader.Validate(SmtpTestKit.Mail("a@example.test") with { CustomArgs = new Dictionary<string, string> { ["a"] = "b" } }, "portal-1"));

    [Fact]
    public void Validate_UniqueArgsOver10000Bytes_NamesTheField()
    {
        var args = Enumerable.Range(0, 120).ToDictionary(i => $"arg{i}", _ => new string('v', 80));
        var mail = SmtpTestKit.Mail("a@example.test");
        mail = mail with { Personalizations = [mail.Personalizations![0] with { CustomArgs = args }] };

        var error = Assert.Single(SmtpApiHeader.Validate(mail, "portal-1"));
        Assert.Equal("personalizations.0.custom_args", error.Field);
        Assert.Contains("10,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValueTooLongToFold_NamesTheField()
    {
        var mail = SmtpTestKit.Mail("a@example.test") with { CustomArgs = new Dictionary<string, string> { ["blob"] = new string('z', 1200) } };
        var error = Assert.Single(SmtpApiHeader.Validate(mail, "portal-1"));
        Assert.Equal("custom_args.blob", error.Field);
    }
}
