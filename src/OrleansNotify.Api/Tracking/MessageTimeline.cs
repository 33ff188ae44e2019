using OrleansNotify.Messages;
using OrleansNotify.Tracking;

namespace OrleansNotify.Api.Tracking;

/// <summary>
/// Merges a message's webhook events (processed, delivered, opens, clicks, bounces...) into the
/// delivery timeline the portal grain keeps, in time order. Events are found by our message id or by the
/// provider id recorded at send, so events without custom args correlate too.
/// </summary>
public static class MessageTimeline
{
    public static async Task<MessageView> MergeAsync(IGrainFactory grains, MessageView view)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(view);
        var events = await grains.GetGrain<ITrackingGrain>(view.PortalId).GetTimelineAsync(view.MessageId, view.ProviderMessageId);
        if (events.Count == 0)
        {
            return view;
        }

        // Stable: at equal instants our own entries (accepted, sent) stay before SendGrid's.
        var merged = view.Timeline.Concat(events.Select(ToEntry)).OrderBy(e => e.At).ToArray();
        return view with { Timeline = merged };
    }

    public static TimelineEntry ToEntry(TrackingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var detail = e.Type switch
        {
            TrackingEventTypes.Click => e.Url,
            TrackingEventTypes.Open => e.MachineOpen ? "machine open" : null,
            TrackingEventTypes.Bounce => Join(TrackingFold.IsBlock(e) ? "blocked" : "bounce", e.Reason, e.Classification),
            TrackingEventTypes.Dropped or TrackingEventTypes.Deferred => e.Reason,
            TrackingEventTypes.GroupUnsubscribe or TrackingEventTypes.GroupResubscribe => e.AsmGroupId is { } g ? $"group {g}" : null,
            _ => null,
        };
        var who = e.Email is null ? detail : detail is null ? e.Email : $"{e.Email}: {detail}";
        return new TimelineEntry(e.Timestamp, e.Type, who);
    }

    private static string Join(string kind, string? reason, string? classification) =>
        kind + (reason is null ? "" : $": {reason}") + (classification is null ? "" : $" ({classification})");
}
