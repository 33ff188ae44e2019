using OrleansNotify.Mail;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;
using OrleansNotify.Testing.Mime;
using static OrleansNotify.Mime.Tests.Mails;

namespace OrleansNotify.Mime.Tests.Pickup;

public sealed class PickupNotifierTests : PickupTestBase
{
    [Fact]
    public async Task SendAsync_TwoPersonalizations_OneEmlEachWithPortalDefaultsParsedByPython()
    {
        var defaults = new PortalDefaults { From = Address("portal@example.com", "Portal"), DeliveryImportance = DeliveryImportance.Low };
        var mail = NewMail(Text("hi -n-")) with
        {
            From = null,
            Personalizations =
            [
                To("a@example.org") with { Substitutions = new Dictionary<string, string> { ["-n-"] = "A" } },
                To("b@example.org") with { Substitutions = new Dictionary<string, string> { ["-n-"] = "B" } },
            ],
        };

        var outcome = Assert.Single(await Notifier.SendAsync(Job(Portal(Folder, defaults), ("msg1", mail)), CancellationToken.None));

        Assert.Equal((SendResult.Sent, "msg1-0.eml"), (outcome.Result, outcome.ProviderMessageId));
        Assert.Equal(["msg1-0.eml", "msg1-1.eml"], FilesIn(Folder));
        for (var i = 0; i < 2; i++)
        {
            var parsed = await PythonMimeParser.ParseFileAsync(Path.Combine(Folder, $"msg1-{i}.eml"));
            Assert.Equal("portal@example.com", Assert.Single(parsed.AddressesOf("from")).Email);
            Assert.Equal(i == 0 ? "a@example.org" : "b@example.org", Assert.Single(parsed.AddressesOf("to")).Email);
            Assert.Equal(i == 0 ? "hi A" : "hi B", parsed.Leaves[0].Body);
            Assert.Equal($"<msg1.{i}@example.com>", parsed.Header("Message-ID"));
            Assert.Equal("low", parsed.Header("Importance"));
            Assert.False(parsed.BareLf);
        }
    }

    [Fact]
    public async Task SendAsync_SeveralMessages_OneOutcomeEach()
    {
        var job = Job(Portal(Folder), ("m-a", NewMail(Text("a"))), ("m-b", NewMail(Text("b"))));

        var outcomes = await Notifier.SendAsync(job, CancellationToken.None);

        Assert.Equal(["m-a", "m-b"], outcomes.Select(o => o.MessageId));
        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.Equal(["m-a-0.eml", "m-b-0.eml"], FilesIn(Folder));
    }

    [Fact]
    public async Task SendAsync_PortalInSandbox_SandboxedAndNothingWritten()
    {
        var portal = Portal(Folder, new PortalDefaults { SandboxMode = true });

        var outcome = Assert.Single(await Notifier.SendAsync(Job(portal, ("sbx", NewMail(Text("x")))), CancellationToken.None));

        Assert.Equal(SendResult.Sandboxed, outcome.Result);
        Assert.Empty(FilesIn(Folder));
    }

    [Fact]
    public async Task SendAsync_MessageDisablesSandboxOfPortal_Written()
    {
        var portal = Portal(Folder, new PortalDefaults { SandboxMode = true });
        var mail = NewMail(Text("x")) with { MailSettings = new MailSettings { SandboxMode = new EnableSetting { Enable = false } } };

        var outcome = Assert.Single(await Notifier.SendAsync(Job(portal, ("real", mail)), CancellationToken.None));

        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal(["real-0.eml"], FilesIn(Folder));
    }

    [Fact]
    public async Task SendAsync_FolderBelowAFile_MisconfiguredAndNothingThrown()
    {
        var file = Path.Combine(Root, "plain-file");
        await File.WriteAllTextAsync(file, "x");

        var outcome = Assert.Single(await Notifier.SendAsync(Job(Portal(Path.Combine(file, "outbox")), ("m", NewMail(Text("x")))), CancellationToken.None));

        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Contains("cannot be created", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NoFolderConfigured_Misconfigured()
    {
        var outcome = Assert.Single(await Notifier.SendAsync(Job(Portal(null), ("m", NewMail(Text("x")))), CancellationToken.None));

        Assert.Equal(SendResult.Misconfigured, outcome.Result);
        Assert.Contains("notifier.folder", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TargetNameTakenByADirectory_TransientWithReasonAndNoTempLeft()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "busy-0.eml", "inside"));

        var outcome = Assert.Single(await Notifier.SendAsync(Job(Portal(Folder), ("busy", NewMail(Text("x")))), CancellationToken.None));

        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.StartsWith("Writing to the pickup folder failed:", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(FilesIn(Folder));
    }

    [Fact]
    public async Task SendAsync_BodyNotJson_Permanent()
    {
        var job = Job(Portal(Folder), ("bad", NewMail(Text("x"))));
        job = job with { Messages = [job.Messages[0] with { Body = "{not json"u8.ToArray() }] };

        var outcome = Assert.Single(await Notifier.SendAsync(job, CancellationToken.None));

        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Empty(FilesIn(Folder));
    }

    [Fact]
    public async Task SendAsync_SameMessageTwice_ReplacesItsFileWithoutLeftovers()
    {
        var job = Job(Portal(Folder), ("again", NewMail(Text("x"))));

        await Notifier.SendAsync(job, CancellationToken.None);
        var second = Assert.Single(await Notifier.SendAsync(job, CancellationToken.None));

        Assert.Equal(SendResult.Sent, second.Result);
        Assert.Equal(["again-0.eml"], FilesIn(Folder));
    }

    [Fact]
    public async Task SendAsync_LargeMessage_WatcherNeverSeesAPartialFile()
    {
        Directory.CreateDirectory(Folder);
        var mail = NewMail(Text("big")) with { Attachments = [Attachment(RandomBytes(8_000_000), "application/octet-stream", "big.bin")] };
        var final = Path.Combine(Folder, "atomic-0.eml");
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Polls as fast as it can and records the size of the first file it sees under the final name.
        var watcher = Task.Run(() =>
        {
            while (!giveUp.IsCancellationRequested)
            {
                var info = new FileInfo(final);
                if (info.Exists)
                {
                    return info.Length;
                }
            }

            return -1L;
        });
        var outcome = Assert.Single(await Notifier.SendAsync(Job(Portal(Folder), ("atomic", mail)), CancellationToken.None));
        var firstSeen = await watcher;

        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.Equal(new FileInfo(final).Length, firstSeen);
        Assert.Equal(["atomic-0.eml"], FilesIn(Folder));
    }
}
