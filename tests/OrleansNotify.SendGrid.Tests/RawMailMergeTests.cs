using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Mail;
using OrleansNotify.Portals;
using OrleansNotify.SendGrid.RawMerge;

namespace OrleansNotify.SendGrid.Tests;

/// <summary>
/// The single-message path merges the portal's defaults on the stored bytes; the batched path merges
/// on the model. Both must send the same JSON (compared as JSON: member order and escapes may differ),
/// and the raw path must hand every body it cannot vouch for to the model path.
/// </summary>
public sealed class RawMailMergeTests
{
    private static readonly PortalDefaults[] DefaultsCorpus =
    [
        new(),
        new()
        {
            From = new EmailAddress { Email = "portal@notify.test", Name = "Portal" },
            ReplyTo = new EmailAddress { Email = "replies@notify.test" },
            Categories = ["portal", "shared", "c3", "c4", "c5", "c6", "c7", "c8", "c9"],
            IpPoolName = "transactional",
            ClickTracking = true,
            TextTracking = true,
            OpenTracking = true,
            DeliveryImportance = DeliveryImportance.High,
        },
        new() { SandboxMode = true, DeliveryImportance = DeliveryImportance.Low, Categories = ["only"] },
    ];

    public static TheoryData<string> HandWritten =>
    [
        """{"personalizations":[{"to":[{"email":"a@x.test"}]}],"from":{"email":"f@x.test"},"subject":"s","content":[{"type":"text/plain","value":"v"}]}""",
        """{"personalizations":[{"to":[{"email":"a@x.test","name":"A \"q\" \u00e9"}],"custom_args":{"k":"v","notify_message_id":"forged"}}],"subject":"<b>&</b> \u2603","content":[{"type":"text/html","value":"<p>\u00fcber</p>"}]}""",
        """{"personalizations":[{"to":[{"email":"a@x.test"}],"dynamic_template_data":{"n":null,"x":[1,2.5,{"y":true}]}}],"template_id":"d-1"}""",
        """{"personalizations":[],"headers":{"importance":"low","X-Other":"1"},"categories":["shared","own","own"]}""",
        """{"personalizations":[{"to":[{"email":"a@x.test"}],"send_at":1700000000}],"headers":{"X-PRIORITY":"2"},"mail_settings":{"sandbox_mode":{"enable":false},"footer":{"enable":true,"text":"t"}}}""",
        """{"personalizations":[{"to":[{"email":"a@x.test"}]}],"mail_settings":{"bypass_list_management":{"enable":true}},"tracking_settings":{"click_tracking":{"enable":false},"open_tracking":{"substitution_tag":"%o%"},"ganalytics":{"enable":true,"utm_source":"s"}}}""",
        """{"personalizations":[{"to":[{"email":"a@x.test"}]}],"reply_to_list":[{"email":"r@x.test"}],"asm":{"group_id":5,"groups_to_display":[5,6]},"ip_pool_name":"own","batch_id":"b","send_at":1700000000,"sections":{"%s%":"x"},"custom_args":{"top":"1"}}""",
        """  {"subject":"no personalizations","attachments":[{"content":"QUJD","filename":"a.txt","type":"text/plain","disposition":"attachment"}]}  """,
    ];

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void TryMerge_HandWrittenBodies_EqualsModelMerge(string body)
    {
        foreach (var defaults in DefaultsCorpus)
        {
            AssertSameAsModel(Encoding.UTF8.GetBytes(body), defaults);
        }
    }

    [Fact]
    public void TryMerge_GeneratedBodies_EqualsModelMerge()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 400; i++)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(MailCorpus.Next(random), MailJsonContext.Default.MailSendRequest);
            AssertSameAsModel(body, DefaultsCorpus[i % DefaultsCorpus.Length]);
        }
    }

    [Theory]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@x.test"}]}],"unknown":1}""")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@x.test","nickname":"n"}]}]}""")]
    [InlineData("""{"subject":null}""")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@x.test","name":null}]}]}""")]
    [InlineData("""{"subject":"a","subject":"b"}""")]
    [InlineData("""{"from":{"email":"a@x.test","email":"b@x.test"}}""")]
    [InlineData("""{"headers":{"X-A":"1","X-A":"2"}}""")]
    [InlineData("""{"\u0073ubject":"escaped name"}""")]
    [InlineData("""{"send_at":1.5}""")]
    [InlineData("""{"send_at":"1700000000"}""")]
    [InlineData("""{"headers":{"X-A":1}}""")]
    [InlineData("""{"subject":"a"} trailing""")]
    [InlineData("""[{"subject":"a"}]""")]
    [InlineData("""{"subject":"a",}""")]
    [InlineData("""{"subject":"a" /* c */}""")]
    public void TryMerge_BodyTheModelWouldChange_LeavesItToTheModel(string body)
    {
        Assert.Null(RawMailMerge.TryMerge(Encoding.UTF8.GetBytes(body), "p", "m", DefaultsCorpus[1], out _));
    }

    [Fact]
    public void TryMerge_UntouchedMembers_AreCopiedByteForByte()
    {
        const string content = "\"content\":[{\"type\":\"text/plain\",\"value\":\"café <b> 東京\"}]";
        var body = Encoding.UTF8.GetBytes("{\"personalizations\":[{\"to\":[{\"email\":\"a@x.test\"}]}]," + content + "}");

        var merged = Encoding.UTF8.GetString(RawMailMerge.TryMerge(body, "p", "m", DefaultsCorpus[1], out _)!);

        Assert.Contains(content, merged, StringComparison.Ordinal);
    }

    [Fact]
    public void TryMerge_EscapedText_IsWrittenWithTheWiresRelaxedEscaping()
    {
        var body = Encoding.UTF8.GetBytes("""{"subject":"caf\u00e9 \u003Cb\u003E","headers":{"X-\u00e9":"\u6771"}}""");

        var merged = Encoding.UTF8.GetString(RawMailMerge.TryMerge(body, "p", "m", DefaultsCorpus[0], out _)!);

        Assert.Contains("\"café <b>\"", merged, StringComparison.Ordinal);
        Assert.Contains("\"X-é\":\"東\"", merged, StringComparison.Ordinal);
    }

    private static void AssertSameAsModel(byte[] body, PortalDefaults defaults)
    {
        var model = JsonSerializer.Deserialize(body, MailJsonContext.Default.MailSendRequest)!.ApplyPortal("portal-1", "msg-1", defaults);
        var expected = JsonSerializer.SerializeToNode(model, WireJson.Context.MailSendRequest);

        var raw = RawMailMerge.TryMerge(body, "portal-1", "msg-1", defaults, out var sandbox);

        Assert.True(raw is not null, "the raw merge refused a body the model reads unchanged: " + Encoding.UTF8.GetString(body));
        var actual = JsonNode.Parse(raw);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"raw: {actual?.ToJsonString()}\nmodel: {expected?.ToJsonString()}");
        Assert.Equal(model.IsSandbox(), sandbox);
    }
}
