using System.Text;
using System.Text.Json.Nodes;
using OrleansNotify.Api.Tracking;
using OrleansNotify.Grains.Tracking;

namespace OrleansNotify.Tracking.Tests.Unit;

public sealed class ParserAndFilterTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_SendGridEvents_ReadsEveryKnownField()
    {
        var body = Encoding.UTF8.GetBytes("""
            [{"email":"a@example.com","timestamp":1795000000,"event":"bounce","sg_event_id":"ev1","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
              "category":"cat facts","type":"blocked","reason":"550 blocked","bounce_classification":"Reputation","notify_message_id":"m1","notify_portal_id":"p2"},
             {"email":"b@example.com","timestamp":1795000001,"event":"open","sg_machine_open":true,"category":["x","y"],"asm_group_id":12},
             {"event":"click","url":"https://example.com/"}]
            """);

        var events = WebhookParser.Parse(body, Received, out var error, out _)!;

        Assert.Null(error);
        var bounce = events[0].Event;
        Assert.Equal(("p2", "ev1", "bounce", "14c5d75ce93", "m1"), (events[0].PortalId, bounce.EventId, bounce.Type, bounce.ProviderMessageId, bounce.MessageId));
        Assert.Equal(("blocked", "550 blocked", "Reputation"), (bounce.BounceType, bounce.Reason, bounce.Classification));
        Assert.Equal(["cat facts"], bounce.Categories);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), bounce.Timestamp);
        Assert.Equal((true, 12), (events[1].Event.MachineOpen, events[1].Event.AsmGroupId));
        Assert.Equal(["x", "y"], events[1].Event.Categories);
        Assert.StartsWith("sha256:", events[2].Event.EventId, StringComparison.Ordinal);
        Assert.Equal(Received, events[2].Event.Timestamp);
        Assert.Contains("\"sg_machine_open\":true", events[1].Event.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameEventWithoutId_GetsTheSameHashBothTimes()
    {
        var body = Encoding.UTF8.GetBytes("""[{"event":"delivered","timestamp":1}]""");
        Assert.Equal(WebhookParser.Parse(body, Received, out _, out _)![0].Event.EventId, WebhookParser.Parse(body, Received, out _, out _)![0].Event.EventId);
    }

    [Fact]
    public void Filter_SuppressedInToCcAndBcc_RemovesThemAndDropsEmptyPersonalizations()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"personalizations":[{"to":[{"email":"Gone@example.com"}],"cc":[{"email":"keep@example.com"}]},
                                 {"to":[{"email":"keep@example.com"}],"bcc":[{"email":"gone@example.com"}]}],
             "subject":"Hi","content":[{"type":"text/plain","value":"é"}]}
            """);
        var snapshot = SuppressionSnapshot.From([new Suppression { Email = "gone@example.com", Reason = "bounce", CreatedAt = Received }]);

        var filtered = SuppressionFilter.Apply(body, snapshot);

        Assert.Equal(2, filtered.Removed.Count);
        var mail = JsonNode.Parse(filtered.Body)!;
        var only = Assert.Single(mail["personalizations"]!.AsArray())!;
        Assert.Equal("keep@example.com", only["to"]![0]!["email"]!.GetValue<string>());
        Assert.Null(only["bcc"]);
        Assert.Equal("é", mail["content"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Filter_GroupSuppression_AppliesOnlyToThatGroup()
    {
        var snapshot = SuppressionSnapshot.From([new Suppression { Email = "g@example.com", Reason = "group_unsubscribe", CreatedAt = Received, GroupId = 5 }]);
        byte[] Mail(int group) => Encoding.UTF8.GetBytes($$$"""{"personalizations":[{"to":[{"email":"g@example.com"}]}],"asm":{"group_id":{{{group}}}}}""");

        Assert.True(SuppressionFilter.Apply(Mail(5), snapshot).NothingLeft);
        var other = Mail(6);
        Assert.Same(other, SuppressionFilter.Apply(other, snapshot).Body);
    }
}
