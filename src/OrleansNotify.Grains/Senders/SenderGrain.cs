using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansNotify.Grains.Options;
using Polly;
using Polly.Retry;

namespace OrleansNotify.Grains.Senders;

/// <summary>
/// Executes sends for one notifier kind (key = kind) with the notifier registered under that kind. It
/// holds no state; quick blips (every outcome of a call transient, or the call threw) get a couple of
/// immediate retries here, the long back-off is the portal queue's. Reentrant: a send spends its time
/// waiting on the network, and a non-reentrant worker would hold one job per activation (at most one per
/// core), so a portal's pool of eight connections would see two jobs at a time.
/// </summary>
[StatelessWorker, Reentrant]
public sealed partial class SenderGrain(IServiceProvider services, IOptions<RetryOptions> retryOptions, TimeProvider time, ILogger<SenderGrain> logger)
    : Grain, ISenderGrain
{
    private ResiliencePipeline<IReadOnlyList<SendOutcome>>? _pipeline;

    private string Kind => this.GetPrimaryKeyString();

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(SendJob job, GrainCancellationToken? cancellation = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (services.GetKeyedService<INotifier>(Kind) is not { } notifier)
        {
            LogUnknownKind(logger, job.PortalId, Kind);
            return job.Messages.Select(m => SendOutcome.For(m.MessageId, SendResult.Misconfigured, $"unknown notifier kind '{Kind}'")).ToArray();
        }

        var token = cancellation?.CancellationToken ?? CancellationToken.None;
        try
        {
            return await Pipeline.ExecuteAsync(
                static async (state, ct) => await state.notifier.SendAsync(state.job, ct),
                (notifier, job), token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            LogNotifierThrew(logger, ex, job.PortalId, Kind);
            return job.Messages.Select(m => SendOutcome.For(m.MessageId, SendResult.Transient, $"notifier error: {ex.GetType().Name}")).ToArray();
        }
    }

    public async Task<VerifyReport> VerifyAsync(string portalId, PortalConfig portal)
    {
        if (services.GetKeyedService<INotifier>(Kind) is not { } notifier)
        {
            return new VerifyReport { Checks = [new VerifyCheck("notifier", false, $"unknown notifier kind '{Kind}'")] };
        }

        return await notifier.VerifyAsync(portalId, portal, CancellationToken.None);
    }

    private ResiliencePipeline<IReadOnlyList<SendOutcome>> Pipeline => _pipeline ??= BuildPipeline();

    private ResiliencePipeline<IReadOnlyList<SendOutcome>> BuildPipeline()
    {
        var options = retryOptions.Value;
        var builder = new ResiliencePipelineBuilder<IReadOnlyList<SendOutcome>> { TimeProvider = time };
        if (options.QuickRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<IReadOnlyList<SendOutcome>>
            {
                MaxRetryAttempts = options.QuickRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.QuickRetryDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: OperationCanceledException } => false,
                    { Exception: not null } => true,
                    { Result: { Count: > 0 } outcomes } => outcomes.All(o => o.Result == SendResult.Transient),
                    _ => false,
                }),
            });
        }

        return builder.Build();
    }

    [LoggerMessage(2001, LogLevel.Error, "Portal {PortalId}: no notifier is registered for kind {Kind}")]
    private static partial void LogUnknownKind(ILogger logger, string portalId, string kind);

    [LoggerMessage(2002, LogLevel.Warning, "Portal {PortalId}: the {Kind} notifier threw; its messages count as transient failures")]
    private static partial void LogNotifierThrew(ILogger logger, Exception exception, string portalId, string kind);
}
