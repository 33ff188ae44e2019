using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansNotify.Events;

namespace OrleansNotify.Grains.Events;

/// <summary>
/// Applies portals' rules to events and submits the resulting messages through <see cref="IIntakeGrain"/>
/// (the same door as <c>POST /messages</c>). An event is all or nothing: every message is built and
/// validated before any is submitted; a full queue marks it "retry later" and a retry re-sends the
/// same message ids, which the portal de-duplicates.
/// </summary>
[StatelessWorker]
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
        var submits = new List<Task>(events.Length);
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
                var build = EventMessageBuilder.Build(evt, rule, config, info, renderer, now);
                results[index] = build.Error is null
                    ? new EventResult { EventId = evt.Id, Outcome = EventOutcomes.Accepted, MessageIds = build.Messages.Select(m => m.MessageId).ToArray() }
                    : EventResult.Rejected(evt.Id, build.Error, build.Field);
                if (build.Error is null)
                {
                    submits.Add(SubmitAsync(build.Messages, index, results));
                }
            }
        }

        await Task.WhenAll(submits);
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

    private async Task SubmitAsync(IReadOnlyList<SubmittedMessage> messages, int index, EventResult[] results)
    {
        var intake = GrainFactory.GetGrain<IIntakeGrain>(0);
        try
        {
            if (messages.Count == 1)
            {
                await intake.SubmitAsync(messages[0]);
            }
            else
            {
                await Task.WhenAll(messages.Select(intake.SubmitAsync));
            }
        }
        catch (IntakeFullException)
        {
            LogQueueFull(logger, messages[0].PortalId, results[index].EventId);
            results[index] = results[index] with { Outcome = EventOutcomes.Rejected, RetryLater = true, Error = "The message queue is full; retry later." };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal {PortalId}: queue full, event {EventId} must be retried")]
    private static partial void LogQueueFull(ILogger logger, string portalId, string eventId);
}
