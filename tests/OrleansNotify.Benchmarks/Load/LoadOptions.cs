using System.Globalization;

namespace OrleansNotify.Benchmarks.Load;

/// <summary>Options of the <c>load</c> command; each default is what the README's figures used.</summary>
internal sealed record LoadOptions
{
    /// <summary>The silo or front end. Default http://localhost:5080 (the zero-config silo).</summary>
    public Uri Url { get; init; } = new("http://localhost:5080");
    /// <summary>Admin key (or environment Notify__AdminKey); the zero-config silo prints it at start-up.</summary>
    public string AdminKey { get; init; } = "";
    /// <summary>Portals created for the run; messages are spread round-robin. Default 10.</summary>
    public int Portals { get; init; } = 10;
    /// <summary>Messages in the measured phase. Default 100,000.</summary>
    public int Messages { get; init; } = 100_000;
    /// <summary>Warm-up messages before measuring (JIT, grain activation, connections). Default 2,000.</summary>
    public int Warmup { get; init; } = 2_000;
    /// <summary>Concurrent HTTP/1.1 keep-alive connections, one worker each. Default 64.</summary>
    public int Concurrency { get; init; } = 64;
    /// <summary>Notifier JSON for every portal; default a pickup notifier writing into <see cref="PickupFolder"/>.</summary>
    public string? NotifierJson { get; init; }
    /// <summary>Folder of the default pickup notifier; default a new folder under /tmp, deleted afterwards.</summary>
    public string? PickupFolder { get; init; }
    /// <summary>Portal throttle. Default 100,000/s (the validator's maximum) so the throttle does not limit the run.</summary>
    public double PerSecond { get; init; } = 100_000;
    /// <summary>Portal concurrent sends. Default 32.</summary>
    public int MaxConcurrency { get; init; } = 32;
    /// <summary>How long to wait for sending to finish after the last accept; 0 skips the sent measurement. Default 120 s.</summary>
    public TimeSpan SentTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>The silo's process id, for VmRSS from /proc; optional.</summary>
    public int? SiloPid { get; init; }
    /// <summary>Keep the portals (and pickup files) after the run. Default off: the tool cleans up.</summary>
    public bool Keep { get; init; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions { AdminKey = Environment.GetEnvironmentVariable("Notify__AdminKey") ?? "" };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--url" => options with { Url = new Uri(Value(), UriKind.Absolute) },
                "--admin-key" => options with { AdminKey = Value() },
                "--portals" => options with { Portals = Int(Value(), 1) },
                "--messages" => options with { Messages = Int(Value(), 1) },
                "--warmup" => options with { Warmup = Int(Value(), 0) },
                "--concurrency" => options with { Concurrency = Int(Value(), 1) },
                "--notifier-json" => options with { NotifierJson = Value() },
                "--pickup-folder" => options with { PickupFolder = Value() },
                "--per-second" => options with { PerSecond = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--max-concurrency" => options with { MaxConcurrency = Int(Value(), 1) },
                "--sent-timeout" => options with { SentTimeout = TimeSpan.FromSeconds(Int(Value(), 0)) },
                "--silo-pid" => options with { SiloPid = Int(Value(), 1) },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return string.IsNullOrEmpty(options.AdminKey)
            ? throw new ArgumentException("--admin-key (or Notify__AdminKey) is required.")
            : options;
    }

    private static int Int(string value, int min)
    {
        var parsed = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return parsed >= min ? parsed : throw new ArgumentException($"{value} is below {min}.");
    }

    public const string Usage = """
        load --admin-key K [--url http://localhost:5080] [--portals 10] [--messages 100000] [--warmup 2000]
             [--concurrency 64] [--per-second 100000] [--max-concurrency 32] [--sent-timeout 120]
             [--notifier-json '{"kind":"smtp","host":"127.0.0.1","port":2525,"security":"none"}']
             [--pickup-folder DIR] [--silo-pid PID] [--keep]
        """;
}
