using System.Globalization;

namespace OrleansNotify.Benchmarks.Cluster;

/// <summary>Arguments of the <c>cluster</c> command, with their defaults.</summary>
internal sealed record ClusterBenchOptions
{
    public const string Usage = "cluster [--silos 1,3] [--seconds 15] [--concurrency 64] [--portals 50] [--batch 100] [--drain 120] [--warmup 35] [--phases single,batched] [--distinct]";

    /// <summary>Cluster sizes to measure one after the other, each on a fresh PostgreSQL. Default 1 and 3.</summary>
    public IReadOnlyList<int> Silos { get; init; } = [1, 3];

    /// <summary>Length of each submission phase. Default 15 s.</summary>
    public int Seconds { get; init; } = 15;

    /// <summary>HTTP requests in flight. Default 64: durable commits need many concurrent submissions to batch.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Portals the load is spread over (unthrottled in practice). Default 50.</summary>
    public int Portals { get; init; } = 50;

    /// <summary>Personalizations per request in the batched phase (SendGrid's batch form). Default 100.</summary>
    public int Batch { get; init; } = 100;

    /// <summary>Longest wait, after a phase, for its accepted emails to reach the fake. Default 120 s.</summary>
    public int Drain { get; init; } = 120;

    /// <summary>
    /// Seconds of single submissions before the phases, not counted (JIT tiers, pools, statistics). Default 35;
    /// 0 skips. Under this load a new silo's tiered JIT thread took 14-18% of the machine's samples until
    /// ~25 s after start and under 1.3% from 30 s: a 10 s warm-up measured the silo's first minute, not its
    /// steady state (0.33 vs 0.20 ms of silo CPU per request, same build).
    /// </summary>
    public int Warmup { get; init; } = 35;

    /// <summary>Which phases run, in order: <c>single</c> and/or <c>batched</c>. Default both.</summary>
    public IReadOnlyList<string> Phases { get; init; } = ["single", "batched"];

    /// <summary>
    /// Every single submission gets its own subject. By default they are equal, so the SendGrid notifier may
    /// send several in one call (shared content, one personalization each); distinct ones cost a call each.
    /// </summary>
    public bool Distinct { get; init; }

    public static ClusterBenchOptions Parse(string[] args)
    {
        var options = new ClusterBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--distinct")
            {
                options = options with { Distinct = true };
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--silos" => options with { Silos = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--seconds" => options with { Seconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                "--portals" => options with { Portals = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batch" => options with { Batch = int.Parse(value, CultureInfo.InvariantCulture) },
                "--phases" => options with { Phases = value.Split(',') },
                "--warmup" => options with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--drain" => options with { Drain = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException("unknown argument " + args[i]),
            };
            i++;
        }

        return options;
    }
}
