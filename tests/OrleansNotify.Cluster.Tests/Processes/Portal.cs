namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>A portal a scenario created, with the key that submits its messages.</summary>
internal sealed record Portal(string Id, string Key);
