using Orleans.Streams;
using Orleans.Streams.Core;

namespace OrleansNotify.Grains.Intake;

/// <summary>
/// Takes a stream's whole deliveries at once (one pulling-agent batch per call), so the grain stores them
/// in one write; errors go to the grain's log. Shared by the portal grain and the tracking ingest grain.
/// </summary>
internal sealed class BatchObserver<T>(Func<IList<SequentialItem<T>>, Task> onBatch, Action<Exception> onError) : IAsyncBatchObserver<T>
{
    public Task OnNextAsync(IList<SequentialItem<T>> items) => onBatch(items);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        onError(ex);
        return Task.CompletedTask;
    }
}
