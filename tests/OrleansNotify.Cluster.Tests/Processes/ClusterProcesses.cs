using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>
/// A cluster of real processes on one PostgreSQL database: silos and front ends in cluster mode, each
/// with its own silo, gateway and HTTP ports, logs under <see cref="Folder"/>. Disposing ends every
/// process it started (frozen ones too), so a failed test leaves nothing running.
/// </summary>
internal sealed class ClusterProcesses : IAsyncDisposable
{
    private readonly List<HostProcess> _processes = [];
    private readonly Dictionary<string, int> _siloPorts = new(StringComparer.Ordinal);
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private int _siloCount;
    private int _frontendCount;

    public ClusterProcesses(string connectionString, string? folder = null)
    {
        ConnectionString = connectionString;
        Folder = folder ?? Directory.CreateTempSubdirectory("orleansnotify-cluster-").FullName;
        ClusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
    }

    public string ConnectionString { get; }

    /// <summary>Where the processes' logs go; kept after the run for a post-mortem.</summary>
    public string Folder { get; }

    public string ClusterId { get; }

    public string ServiceId { get; } = "orleansnotify-tests";

    public string AdminKey { get; } = "admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Extra settings every silo gets (e.g. membership timings), as environment variables.</summary>
    public Dictionary<string, string> SiloSettings { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<HostProcess> Processes => _processes;

    public IEnumerable<HostProcess> LiveSilos => _processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal) && !p.HasExited);

    /// <summary>Starts a silo and waits until it answers /health/ready.</summary>
    public async Task<HostProcess> StartSiloAsync(TimeSpan? readyTimeout = null)
    {
        var name = "silo" + Interlocked.Increment(ref _siloCount).ToString(CultureInfo.InvariantCulture);
        var environment = Common();
        var siloPort = FreePorts.Next();
        lock (_siloPorts)
        {
            _siloPorts[name] = siloPort;
        }

        environment["Notify__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        // Every process runs on this machine: advertise loopback, not the host's first network address.
        environment["Notify__AdvertisedAddress"] = "127.0.0.1";
        environment["Notify__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in SiloSettings)
        {
            environment[key] = value;
        }

        return await StartAsync(name, HostBinaries.Silo, environment, readyTimeout);
    }

    /// <summary>Starts <paramref name="count"/> silos at once (they join the cluster in parallel) and waits until all are ready.</summary>
    public async Task<HostProcess[]> StartSilosAsync(int count, TimeSpan? readyTimeout = null) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartSiloAsync(readyTimeout)));

    /// <summary>The silo-to-silo port of a silo this harness started: its key in Orleans' membership table.</summary>
    public int SiloPortOf(HostProcess silo)
    {
        lock (_siloPorts)
        {
            return _siloPorts[silo.Name];
        }
    }

    /// <summary>Starts a front end (the HTTP API through an Orleans client) and waits until it is ready.</summary>
    public async Task<HostProcess> StartFrontendAsync(TimeSpan? readyTimeout = null)
    {
        var name = "frontend" + Interlocked.Increment(ref _frontendCount).ToString(CultureInfo.InvariantCulture);
        return await StartAsync(name, HostBinaries.Frontend, Common(), readyTimeout);
    }

    /// <summary>Polls /health/ready until 200; fails at once, with the log, when the process exits.</summary>
    public async Task WaitReadyAsync(HostProcess host, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"{host.Name} exited with {host.ExitCode} before it was ready.\n{host.Tail()}");
            }

            try
            {
                using var response = await _probe.GetAsync(new Uri(host.Http, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{host.Name} was not ready within {timeout} (last: {last}).\n{host.Tail()}");
    }

    /// <summary>The logs of every process, for a failure message.</summary>
    public string Tails(int lines = 30) => string.Join('\n', _processes.Select(p => p.Tail(lines)));

    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _probe.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<HostProcess> StartAsync(string name, string project, Dictionary<string, string> environment, TimeSpan? readyTimeout)
    {
        var dll = HostBinaries.DllOf(project);
        var http = new Uri($"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}/");
        var host = HostProcess.Start(name, dll, http, environment, Folder);
        lock (_processes)
        {
            _processes.Add(host);
        }

        await WaitReadyAsync(host, readyTimeout ?? TimeSpan.FromSeconds(90));
        return host;
    }

    private Dictionary<string, string> Common() => new(StringComparer.Ordinal)
    {
        ["Notify__Mode"] = "cluster",
        ["ConnectionStrings__Notify"] = ConnectionString,
        ["Notify__ClusterId"] = ClusterId,
        ["Notify__ServiceId"] = ServiceId,
        ["Notify__EncryptionKey"] = EncryptionKey,
        ["Notify__AdminKey"] = AdminKey,
    };
}
