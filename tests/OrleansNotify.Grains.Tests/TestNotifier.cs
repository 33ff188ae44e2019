using System.Collections.Concurrent;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Tests;

/// <summary>
/// The notifier kind "test": records every message it is handed and answers with scripted outcomes
/// (Sent by default). A portal named "broken" gets Misconfigured, as a bad API key would.
/// </summary>
public sealed class TestNotifier : INotifier
{
    public const string Kind = "test";
    public const string BrokenName = "broken";

    public static readonly TestNotifier Shared = new();

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<string, SendOutcome>>> _scripts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentQueue<SendCall> _calls = new();
    private readonly ConcurrentDictionary<string, byte> _entered = new();
    private readonly ConcurrentDictionary<string, byte> _revoked = new();

    public sealed record SendCall(string PortalId, string MessageId, int Attempt, DateTimeOffset At);

    public IReadOnlyList<SendCall> CallsFor(string portalId) => _calls.Where(c => c.PortalId == portalId).ToArray();

    /// <summary>The next outcomes for a message, one per call; afterwards it is sent.</summary>
    public void Script(string messageId, params Func<string, SendOutcome>[] outcomes) =>
        _scripts[messageId] = new ConcurrentQueue<Func<string, SendOutcome>>(outcomes);

    /// <summary>Holds the portal's next send call inside the notifier until the returned source completes.</summary>
    public TaskCompletionSource Gate(string portalId) =>
        _gates[portalId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once a gated call has arrived and is waiting.</summary>
    public bool IsHeld(string portalId) => _entered.ContainsKey(portalId);

    /// <summary>The portal's key is revoked at the "provider" (sends and verify fail) until restored.</summary>
    public void Revoke(string portalId) => _revoked[portalId] = 0;

    public void Restore(string portalId) => _revoked.TryRemove(portalId, out _);

    private bool Rejects(string portalId, PortalConfig portal) => portal.DisplayName == BrokenName || _revoked.ContainsKey(portalId);

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(SendJob job, CancellationToken cancellationToken)
    {
        if (_gates.TryRemove(job.PortalId, out var gate))
        {
            _entered[job.PortalId] = 0;
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        var now = TimeProvider.System.GetUtcNow();
        var outcomes = new List<SendOutcome>(job.Messages.Count);
        foreach (var message in job.Messages)
        {
            _calls.Enqueue(new SendCall(job.PortalId, message.MessageId, message.Attempt, now));
            if (Rejects(job.PortalId, job.Portal))
            {
                outcomes.Add(SendOutcome.For(message.MessageId, SendResult.Misconfigured, "API key rejected (401)"));
            }
            else if (_scripts.TryGetValue(message.MessageId, out var script) && script.TryDequeue(out var next))
            {
                outcomes.Add(next(message.MessageId));
            }
            else
            {
                outcomes.Add(new SendOutcome { MessageId = message.MessageId, Result = SendResult.Sent, ProviderMessageId = "prov-" + message.MessageId });
            }
        }

        return outcomes;
    }

    public Task<VerifyReport> VerifyAsync(string portalId, PortalConfig portal, CancellationToken cancellationToken) =>
        Task.FromResult(new VerifyReport
        {
            Checks = [new VerifyCheck("api-key", !Rejects(portalId, portal), Rejects(portalId, portal) ? "rejected" : "accepted")],
        });
}
