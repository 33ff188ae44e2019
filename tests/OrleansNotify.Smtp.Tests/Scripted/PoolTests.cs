using Microsoft.Extensions.Time.Testing;
using OrleansNotify.Notifiers;
using OrleansNotify.Smtp.Connections;
using OrleansNotify.Testing.Smtp;

namespace OrleansNotify.Smtp.Tests.Scripted;

/// <summary>The pool: one connection reused, bounded by the portal's concurrency, closed when idle, replaced when worn.</summary>
public class PoolTests
{
    private static async Task Eventually(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, "timed out waiting for " + what);
            await Task.Delay(20, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Send_ManyMessagesOneAfterAnother_ReuseOneConnection()
    {
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit();
        var portal = SmtpTestKit.Portal(server.Port);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SendResult.Sent, (await kit.SendOneAsync(portal, SmtpTestKit.Mail($"r{i}@example.test"))).Result);
        }

        Assert.Equal(1, server.Connections);
        Assert.Equal(1, server.Count("EHLO"));
        Assert.Equal(10, server.Accepted);
    }

    [Fact]
    public async Task Send_JobOfManyMessages_ConnectionsBoundedByConcurrency()
    {
        // Each DATA-END is held until four transactions are in flight: proves the pool runs them at once.
        var inData = 0;
        using var gate = new ManualResetEventSlim();
        await using var server = new ScriptedSmtpServer(c =>
        {
            if (c.Verb == "DATA-END" && Interlocked.Increment(ref inData) >= 3)
            {
                gate.Set();
            }

            if (c.Verb == "DATA-END")
            {
                gate.Wait(TimeSpan.FromSeconds(5));
            }

            return null;
        });
        using var kit = new SmtpTestKit();
        var messages = Enumerable.Range(0, 24).Select(i => SmtpTestKit.Message(SmtpTestKit.Mail($"r{i}@example.test"))).ToArray();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var outcomes = await kit.Smtp.SendAsync(SmtpTestKit.Job(SmtpTestKit.Portal(server.Port, concurrency: 3), messages), timeout.Token);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.Equal(messages.Select(m => m.MessageId).Order(), outcomes.Select(o => o.MessageId).Order());
        Assert.True(gate.IsSet, "three transactions were never in flight together");
        Assert.Equal(3, server.Connections);
        Assert.Equal(24, server.Accepted);
    }

    [Fact]
    public async Task IdleSweep_OnlyAfterIdleTimeout_QuitsTheConnection()
    {
        var time = new FakeTimeProvider();
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit(time);
        var portal = SmtpTestKit.Portal(server.Port);
        await kit.SendOneAsync(portal, SmtpTestKit.Mail("a@example.test"));

        time.Advance(TimeSpan.FromSeconds(45)); // sweeps ran at 15, 30, 45: not idle long enough
        await kit.SendOneAsync(portal, SmtpTestKit.Mail("b@example.test"));
        Assert.Equal(1, server.Connections);
        Assert.Equal(0, server.Count("QUIT"));

        time.Advance(TimeSpan.FromSeconds(75));
        await Eventually(() => server.Count("QUIT") == 1, "QUIT");

        // The next message opens a fresh connection.
        await kit.SendOneAsync(portal, SmtpTestKit.Mail("c@example.test"));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task IdleTimer_FakeTimeAdvanced_ClosesIdleConnections()
    {
        var time = new FakeTimeProvider();
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit(time);
        await kit.SendOneAsync(SmtpTestKit.Portal(server.Port), SmtpTestKit.Mail("a@example.test"));

        time.Advance(TimeSpan.FromSeconds(75)); // past the idle timeout, and a sweep tick
        await Eventually(() => server.Count("QUIT") == 1, "QUIT from the sweep timer");
    }

    [Fact]
    public async Task Send_MaxMessagesPerConnection_ReplacesTheConnection()
    {
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit(maxMessagesPerConnection: 3);
        var portal = SmtpTestKit.Portal(server.Port);
        for (var i = 0; i < 7; i++)
        {
            await kit.SendOneAsync(portal, SmtpTestKit.Mail($"r{i}@example.test"));
        }

        Assert.Equal(3, server.Connections);
        Assert.Equal(7, server.Accepted);
    }

    [Fact]
    public async Task Send_ChangedPortalSettings_UseAnotherPool()
    {
        await using var server = new ScriptedSmtpServer();
        using var kit = new SmtpTestKit();
        await kit.SendOneAsync(SmtpTestKit.Portal(server.Port, concurrency: 2), SmtpTestKit.Mail("a@example.test"));
        await kit.SendOneAsync(SmtpTestKit.Portal(server.Port, concurrency: 5), SmtpTestKit.Mail("b@example.test"));
        Assert.Equal(2, server.Connections);
        Assert.NotSame(
            kit.Pools.For(SmtpEndpoint.FromPortal(SmtpTestKit.Portal(server.Port, concurrency: 2), 8)),
            kit.Pools.For(SmtpEndpoint.FromPortal(SmtpTestKit.Portal(server.Port, concurrency: 5), 8)));
    }
}
