namespace OrleansNotify.PostgreSql.Tests;

/// <summary>A grain that touches each ADO.NET provider: grain state and reminders.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> ReadAsync();

    Task ClearAsync();

    Task DeactivateAsync();

    Task RegisterReminderAsync(string name);

    Task<bool> HasReminderAsync(string name);

    Task UnregisterReminderAsync(string name);
}

[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)] public int Count { get; set; }
}

public sealed class ProbeGrain([PersistentState("probe", "Default")] IPersistentState<ProbeState> state) : Grain, IProbeGrain, IRemindable
{
    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public async Task<int> ReadAsync()
    {
        await state.ReadStateAsync();
        return state.State.Count;
    }

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task RegisterReminderAsync(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public async Task<bool> HasReminderAsync(string name) => await this.GetReminder(name) is not null;

    public async Task UnregisterReminderAsync(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
