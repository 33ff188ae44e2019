using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams.Core;
using OrleansNotify.Grains.Metrics;
using OrleansNotify.Grains.Options;
using OrleansNotify.Grains.Queueing;
using OrleansNotify.Grains.Throttling;
using OrleansNotify.Security;
using OrleansNotify.Storage;

namespace OrleansNotify.Grains.Portals;

/// <summary>
/// One portal: configuration and keys (grain state), its queue (rows in <see cref="IMessageStore"/>,
/// lanes in memory), its throttle and provider back-off. The only writer of its messages' status.
/// Split by aspect: configuration here, then .Stream (intake), .Pump (sending), .Outcomes, .Log.
/// </summary>
[ImplicitStreamSubscription(NotifyNames.MessagesStream)]
public sealed partial class PortalGrain(
    [PersistentState("portal", NotifyNames.PortalStorage)] IPersistentState<PortalState> state,
    IMessageStore store,
    ISecretProtector secrets,
    TimeProvider time,
    NotifyMetrics metrics,
    IOptions<SenderOptions> senderOptions,
    IOptions<RetryOptions> retryOptions,
    ILogger<PortalGrain> logger)
    : Grain, IPortalGrain, IRemindable, IStreamSubscriptionObserver
{
    private readonly PortalQueue _queue = new();
    private Throttle _throttle = null!;
    private long _owner;
    private string PortalId { get; set; } = "";
    // The stored config holds secrets encrypted (ISecretProtector); this copy holds them usable.
    private PortalConfig? _config;
    private PortalConfig? Config => state.State.Exists ? _config : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        PortalId = this.GetPrimaryKeyString();

        // Resolved now: the activation's ServiceProvider throws once Orleans has invalidated it, and
        // outcomes of sends still arrive (and pump) while the host shuts down.
        _lifetime = ServiceProvider.GetService<IHostApplicationLifetime>();
        _keepAlivePeriod = ServiceProvider.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod;
        _config = state.State.Config?.Unprotect(secrets);
        _throttle = new Throttle(state.State.Config?.Throttle ?? new ThrottleSettings(), time, startFull: false);
        _throttle.RestoreQuota(state.State.QuotaDay, state.State.SentToday);
        _owner = await store.AcquireAsync(PortalId, cancellationToken);
        await RebuildQueueAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_stale && state.State.Exists)
        {
            await SaveQuotaAsync(force: true);
        }
    }

    public Task<PortalView?> GetAsync() => Task.FromResult(Config is { } config
        ? new PortalView
        {
            PortalId = PortalId,
            Config = config.Masked(),
            KeyIds = state.State.Keys.Select(k => k.KeyId).ToArray(),
            Status = CurrentStatus(),
        }
        : null);

    public async Task<bool> PutAsync(PortalConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var created = !state.State.Exists;
        state.State.Exists = true;
        state.State.Config = config.Protect(secrets);
        _config = config;
        await WriteStateAsync(() => state.WriteStateAsync());
        _throttle.Update(config.Throttle);
        if (created)
        {
            await GrainFactory.GetGrain<IPortalDirectoryGrain>(0).AddAsync(PortalId);
        }

        LogPortalSaved(logger, PortalId, config.Notifier?.Kind, created);
        await ClearMisconfiguredAsync(); // a new configuration deserves a new try
        RequestPump();
        return created;
    }

    public async Task<bool> DeleteAsync()
    {
        if (!state.State.Exists)
        {
            return false;
        }

        _generation++; // outcomes of jobs still in flight are ignored
        _queue.Clear();
        _pending.Clear();
        await store.DeletePortalAsync(PortalId, CancellationToken.None);
        await GrainFactory.GetGrain<OrleansNotify.Tracking.ITrackingGrain>(PortalId).DeletePortalDataAsync(); // events, counters, marks, suppressions
        await WriteStateAsync(() => state.ClearStateAsync());
        var directory = GrainFactory.GetGrain<IPortalDirectoryGrain>(0);
        await directory.RemoveAsync(PortalId);
        await directory.SetMisconfiguredAsync(PortalId, null);
        _misconfigured = null;
        metrics.RemoveDepth(PortalId);
        LogPortalDeleted(logger, PortalId);
        return true;
    }

    public async Task<CreatedPortalKey?> CreateKeyAsync()
    {
        if (!state.State.Exists)
        {
            return null;
        }

        var (keyId, key, hash) = PortalKeys.Create(PortalId);
        state.State.Keys.Add(new PortalKeyRecord(keyId, hash, time.GetUtcNow()));
        await WriteStateAsync(() => state.WriteStateAsync());
        LogKeyCreated(logger, PortalId, keyId);
        return new CreatedPortalKey(keyId, key);
    }

    public Task<bool> CheckKeyAsync(string keyId, byte[] secretHash)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var found = state.State.Exists && state.State.Keys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(k.SecretHash, secretHash));
        return Task.FromResult(found);
    }

    public Task<PortalSubmitInfo?> GetSubmitInfoAsync() => Task.FromResult(Config is { } config
        ? new PortalSubmitInfo(config.Defaults.From is not null, config.Notifier?.Kind ?? "")
        : null);

    public async Task<MessageView?> GetMessageAsync(string messageId) =>
        WithSendsInFlight(await store.GetAsync(PortalId, messageId, CancellationToken.None));

    public async Task<CancelResult> CancelMessageAsync(string messageId)
    {
        var entry = _queue.Find(messageId);
        var result = _queue.Cancel(messageId);
        switch (result)
        {
            case CancelResult.Cancelled:
                _pending.Add(Change(entry!, MessageStatus.Cancelled, time.GetUtcNow(), "cancelled", null));
                await FlushAsync();
                PublishDepth();
                return result;
            case CancelResult.NotFound:
                // Not queued: either unknown or already final.
                return await store.GetAsync(PortalId, messageId, CancellationToken.None) is null ? CancelResult.NotFound : CancelResult.TooLate;
            default:
                return result;
        }
    }

    public Task<PortalStatus?> GetStatusAsync() => Task.FromResult(Config is null ? null : CurrentStatus());

    public async Task<VerifyReport?> VerifyAsync()
    {
        if (Config is not { } config)
        {
            return null;
        }

        if (config.Notifier?.Kind is not { Length: > 0 } kind)
        {
            return new VerifyReport { Checks = [new VerifyCheck("notifier", false, "The portal has no notifier.")] };
        }

        var report = await GrainFactory.GetGrain<ISenderGrain>(kind).VerifyAsync(PortalId, config);
        if (report.Passed)
        {
            await ClearMisconfiguredAsync();
            RequestPump();
        }

        return report;
    }

    private Task _stateWrite = Task.CompletedTask;

    /// <summary>
    /// Grain-state writes one after another: the pump's quota save runs interleaved with requests, and
    /// two overlapping writes would trip the storage's ETag check.
    /// </summary>
    private Task WriteStateAsync(Func<Task> write)
    {
        _stateWrite = AfterAsync(_stateWrite, write);
        return _stateWrite;

        static async Task AfterAsync(Task previous, Func<Task> next)
        {
            try
            {
                await previous;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // That write's caller saw its failure; this one still runs.
            }

            await next();
        }
    }

    private PortalStatus CurrentStatus()
    {
        var scheduled = _queue.ScheduledCount;
        return new PortalStatus
        {
            Queued = _queue.Depth - scheduled,
            Scheduled = scheduled,
            InFlight = _queue.InFlightCount,
            PausedUntil = _pausedUntil > time.GetUtcNow() ? _pausedUntil : null,
            Misconfigured = _misconfigured,
            SentToday = _throttle.SentToday,
        };
    }
}
