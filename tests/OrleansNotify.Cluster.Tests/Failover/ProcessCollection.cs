namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>
/// The multi-process scenarios run one at a time and alone: each starts several silos on a 2-core
/// machine, and timing assertions (recovery, rates) mean nothing while another scenario competes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Real silo processes";
}
