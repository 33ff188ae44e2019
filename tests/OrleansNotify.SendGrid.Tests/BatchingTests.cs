using OrleansNotify.Mail;
using OrleansNotify.Notifiers;

namespace OrleansNotify.SendGrid.Tests;

public sealed class BatchingTests
{
    private static MailSendRequest[] Recipients(int count, string subject = "Hello", int ccEach = 0) =>
        Enumerable.Range(0, count)
            .Select(i => Harness.Mail($"user{i}@example.com", subject, Enumerable.Range(0, ccEach).Select(c => $"cc{c}.{i}@example.com").ToArray()))
            .ToArray();

    [Fact]
    public async Task SendAsync_2500CompatibleMessages_SendsCallsOf1000NeverMore()
    {
        await using var h = await Harness.StartAsync(o => o.MaxConcurrentCallsPerJob = 1);

        var outcomes = await h.SendAsync(h.Portal(), Recipients(2500));

        var calls = h.Server.MailSends.Select(r => r.Mail()).ToList();
        Assert.Equal([1000, 1000, 500], calls.Select(c => c.Personalizations!.Count));
        Assert.Equal(2500, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        // Each personalization carries its own message id, each message exactly once.
        var ids = calls.SelectMany(c => c.Personalizations!).Select(p => p.CustomArgs![PortalMerge.MessageIdArg]).ToList();
        Assert.Equal(outcomes.Select(o => o.MessageId).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        // The outcome of a call applies to each message in it: one X-Message-Id per call.
        Assert.Equal(3, outcomes.Select(o => o.ProviderMessageId).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_1001Messages_NeverPuts1001InOneCall()
    {
        await using var h = await Harness.StartAsync();

        var outcomes = await h.SendAsync(h.Portal(), Recipients(1001));

        Assert.Equal([1, 1000], h.Server.MailSends.Select(r => r.Mail().Personalizations!.Count).Order());
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
    }

    [Fact]
    public async Task SendAsync_ThreeRecipientsEach_StaysWithin1000Recipients()
    {
        await using var h = await Harness.StartAsync(o => o.MaxConcurrentCallsPerJob = 1);

        var outcomes = await h.SendAsync(h.Portal(), Recipients(400, ccEach: 2));

        var calls = h.Server.MailSends.Select(r => r.Mail()).ToList();
        Assert.Equal([333, 67], calls.Select(c => c.Personalizations!.Count));
        Assert.All(calls, c => Assert.True(c.Personalizations!.Sum(p => p.To!.Count + (p.Cc?.Count ?? 0)) <= 1000));
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
    }

    [Fact]
    public async Task SendAsync_IncompatibleMessages_AreNotMerged()
    {
        await using var h = await Harness.StartAsync();
        var mails = new[]
        {
            Harness.Mail("a@example.com", "Subject A"),
            Harness.Mail("b@example.com", "Subject B"),
            Harness.Mail("c@example.com") with { From = new EmailAddress { Email = "other@example.org" } },
            Harness.Mail("d@example.com") with { Categories = ["billing"] },
            Harness.Mail("e@example.com") with { SendAt = 1_900_000_000 },
            Harness.Mail("f@example.com"),
            Harness.Mail("g@example.com"),
        };

        var outcomes = await h.SendAsync(h.Portal(), mails);

        var calls = h.Server.MailSends.Select(r => r.Mail()).ToList();
        Assert.Equal(6, calls.Count);
        var merged = Assert.Single(calls, c => c.Personalizations!.Count == 2);
        Assert.Equal(["f@example.com", "g@example.com"], merged.Personalizations!.Select(p => p.To![0].Email).Order(StringComparer.Ordinal));
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
    }

    [Fact]
    public async Task SendAsync_PerPersonalizationSubjects_AreMerged()
    {
        await using var h = await Harness.StartAsync();
        var mails = Recipients(3).Select((m, i) => m with
        {
            Subject = null,
            Personalizations = [m.Personalizations![0] with { Subject = $"For you, #{i}" }],
        }).ToArray();

        var outcomes = await h.SendAsync(h.Portal(), mails);

        var call = Assert.Single(h.Server.MailSends);
        Assert.Equal(3, call.Mail().Personalizations!.Count);
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
    }

    [Fact]
    public async Task SendAsync_OneBadAddressInBatch_FailsOnlyThatMessage()
    {
        await using var h = await Harness.StartAsync();
        var mails = Recipients(5);
        mails[3] = Harness.Mail("not-an-address");

        var outcomes = await h.SendAsync(h.Portal(), mails);

        var bad = Assert.Single(outcomes, o => o.Result == SendResult.Permanent);
        Assert.Equal("msg-00003", bad.MessageId);
        Assert.Contains("personalizations.3.to.0.email", bad.Detail, StringComparison.Ordinal);
        Assert.Equal(4, outcomes.Count(o => o.Result == SendResult.Sent));
        Assert.Equal([400, 202], h.Server.MailSends.Select(r => r.Status));
    }

    [Fact]
    public async Task SendAsync_BatchFailsOnSharedField_FailsAllWithoutRetry()
    {
        await using var h = await Harness.StartAsync();
        var mails = Recipients(4).Select(m => m with { From = new EmailAddress { Email = "nobody" } }).ToArray();

        var outcomes = await h.SendAsync(h.Portal(), mails);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Permanent, o.Result));
        Assert.All(outcomes, o => Assert.Contains("from.email", o.Detail, StringComparison.Ordinal));
        Assert.Single(h.Server.MailSends);
    }

    [Fact]
    public async Task SendAsync_SameBrokenSharedPart_RejectsEachWithoutCalling()
    {
        await using var h = await Harness.StartAsync();
        var body = """{"personalizations":[{"to":[{"email":"X"}]}],"from":{"email":"a@example.org"},"subject":5}""";
        var job = Harness.Job("p", h.Portal(), []) with
        {
            Messages = [.. Enumerable.Range(0, 3).Select(i => new OutboundMessage { MessageId = $"bad-{i}", Body = System.Text.Encoding.UTF8.GetBytes(body.Replace("X", $"u{i}@example.com", StringComparison.Ordinal)) })],
        };

        var outcomes = await h.Notifier.SendAsync(job, CancellationToken.None);

        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(SendResult.Permanent, o.Result));
        Assert.Empty(h.Server.Requests);
    }

    [Fact]
    public async Task SendAsync_MessagesWithSeveralPersonalizations_StayWholeAndInOrder()
    {
        await using var h = await Harness.StartAsync(o => o.MaxPersonalizationsPerCall = 5);
        var mails = Enumerable.Range(0, 4).Select(i => Harness.Mail() with
        {
            Personalizations = [.. Enumerable.Range(0, 2).Select(k => new Personalization { To = [new EmailAddress { Email = $"m{i}.p{k}@example.com" }] })],
        }).ToArray();

        await h.SendAsync(h.Portal(), mails);

        var calls = h.Server.MailSends.Select(r => r.Mail()).OrderBy(c => c.Personalizations![0].To![0].Email, StringComparer.Ordinal).ToList();
        Assert.Equal([4, 4], calls.Select(c => c.Personalizations!.Count));
        Assert.All(calls.SelectMany(c => c.Personalizations!), p =>
            Assert.StartsWith(p.CustomArgs![PortalMerge.MessageIdArg].Replace("msg-0000", "m", StringComparison.Ordinal) + ".", p.To![0].Email, StringComparison.Ordinal));
    }
}
