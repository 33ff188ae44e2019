using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;
using OrleansNotify.Events;
using OrleansNotify.Grains.Intake;
using OrleansNotify.Validation;

namespace OrleansNotify.Grains.Events;

/// <summary>
/// Applies portals' rules to events and publishes the resulting messages on the portal's stream, the
/// path of <c>POST /messages</c> (<see cref="IIntakeGrain"/>), so queueing, throttling and notifiers are
/// shared. An event is all or nothing: every message is built and validated before any is published; a
/// full queue marks it "retry later" and a retry re-sends the same message ids, which the portal
/// de-duplicates. Stateless and reentrant: batches from many callers run at once.
/// </summary>
[StatelessWorker, Reentrant]
public sealed partial class EventIntakeGrain(ITemplateRenderer renderer, TimeProvider time, ILogger<EventIntakeGrain> logger)
    : Grain, IEventIntakeGrain
{

    public async Task<IReadOnlyList<EventResult>> ProcessAsync(IReadOnlyList<NotifyEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var results = new EventResult[events.Count];
        var portals = events.Select((e, i) => (e, i)).GroupBy(x => x.e.PortalId, StringComparer.Ordinal);
        await Task.WhenAll(portals.Select(group => ProcessPortalAsync(group.Key, group.ToArray(), results)));
        return results;
    }

    private async Task ProcessPortalAsync(string portalId, (NotifyEvent Event, int Index)[] events, EventResult[] results)
    {
        var infoTask = GrainFactory.GetGrain<IPortalGrain>(portalId).GetSubmitInfoAsync();
        var configTask = GrainFactory.GetGrain<IPortalEventsGrain>(portalId).GetConfigAsync();
        var info = await infoTask;
        var config = await configTask;
        var now = time.GetUtcNow();
        var kindRules = info is null ? null : ServiceProvider.GetKeyedService<INotifierMessageRules>(info.NotifierKind);
        var messages = new List<SubmittedMessage>();
        var submitted = new List<int>();
        foreach (var (evt, index) in events)
        {
            if (info is null)
            {
                results[index] = EventResult.Rejected(evt.Id, $"Portal '{portalId}' does not exist.", "portalId");
            }
            else if (!config.Rules.TryGetValue(evt.Type, out var rule))
            {
                results[index] = new EventResult { EventId = evt.Id, Outcome = EventOutcomes.Ignored };
            }
            else
            {
                var build = EventMessageBuilder.Build(evt, rule, config, info, renderer, now, kindRules);
                results[index] = build.Error is null
                    ? new EventResult { EventId = evt.Id, Outcome = EventOutcomes.Accepted, MessageIds = build.Messages.Select(m => m.MessageId).ToArray() }
                    : EventResult.Rejected(evt.Id, build.Error, build.Field);
                if (build.Error is null)
                {
                    messages.AddRange(build.Messages);
                    submitted.Add(index);
                }
            }
        }

        if (messages.Count > 0)
        {
            await SubmitAsync(portalId, messages, submitted, results);
        }

        if (info is not null)
        {
            var entries = events.Where(e => !results[e.Index].RetryLater).Select(e => new EventLogEntry
            {
                Result = results[e.Index],
                Type = e.Event.Type,
                OccurredAt = e.Event.OccurredAt,
                ProcessedAt = now,
            }).ToArray();
            await GrainFactory.GetGrain<IPortalEventsGrain>(portalId).RecordAsync(entries);
        }
    }

    /// <summary>
    /// Publishes the portal's messages of this call on its stream in one batch: the stream and the
    /// queue-full handling of <see cref="IIntakeGrain"/>, without one grain call per message (a batch is
    /// one queue entry, so it lands whole or not at all).
    /// </summary>
    private async Task SubmitAsync(string portalId, List<SubmittedMessage> messages, List<int> indexes, EventResult[] results)
    {
        var stream = this.GetStreamProvider(NotifyNames.StreamProvider)
            .GetStream<SubmittedMessage>(StreamId.Create(NotifyNames.MessagesStream, portalId));
        if (await QueueFullBackoff.TryPublishAsync(() => stream.OnNextBatchAsync(messages), time))
        {
            return;
        }

        LogQueueFull(logger, portalId, indexes.Count);
        foreach (var index in indexes)
        {
            results[index] = results[index] with
            {
                Outcome = EventOutcomes.Rejected, RetryLater = true, MessageIds = [], Error = "The message queue is full; retry later.",
            };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal {PortalId}: stream queue full, {Count} events must be retried")]
    private static partial void LogQueueFull(ILogger logger, string portalId, int count);
}
