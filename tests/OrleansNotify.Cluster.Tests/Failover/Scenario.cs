using System.Globalization;
using OrleansNotify.Cluster.Tests.Processes;
using OrleansNotify.Testing.PostgreSql;
using OrleansNotify.Testing.SendGrid;
using Xunit.Abstractions;

namespace OrleansNotify.Cluster.Tests.Failover;

/// <summary>
/// What every failover scenario needs: a fresh migrated database (or a private server), the fake
/// SendGrid in this process, the cluster's processes and the HTTP client. Disposing ends them all and
/// names the folder that keeps the processes' logs.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly PostgreSqlDatabase? _database;

    private Scenario(ITestOutputHelper output, PostgreSqlDatabase? database, string connectionString, FakeSendGridServer fake)
    {
        _output = output;
        _database = database;
        Fake = fake;
        Cluster = new ClusterProcesses(connectionString);
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Api = new NotifyApi(Http, Cluster.AdminKey);
    }

    public FakeSendGridServer Fake { get; }

    /// <summary>The scenario's own database, when it runs on the shared test server.</summary>
    public PostgreSqlDatabase Database => _database ?? throw new InvalidOperationException("This scenario runs on its own server.");

    public ClusterProcesses Cluster { get; }

    public HttpClient Http { get; }

    public NotifyApi Api { get; }

    /// <summary>A scenario on a fresh database of the shared test server.</summary>
    public static async Task<Scenario> StartAsync(ITestOutputHelper output)
    {
        var database = await PostgreSqlDatabase.CreateAsync();
        return new Scenario(output, database, database.ConnectionString, await FakeSendGridServer.StartAsync());
    }

    /// <summary>A scenario on a server it controls (to restart it).</summary>
    public static async Task<Scenario> StartAsync(ITestOutputHelper output, string connectionString) =>
        new(output, null, connectionString, await FakeSendGridServer.StartAsync());

    /// <summary>Creates <paramref name="count"/> sendgrid portals (aimed at the fake) through <paramref name="api"/>.</summary>
    public async Task<List<Portal>> CreatePortalsAsync(Uri api, int count, double perSecond, int burst, int maxConcurrency, string prefix = "p")
    {
        var portals = new Portal[count];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D4}");
                var key = await Api.CreatePortalAsync(api, id, Fake.BaseUrl, FakeSendGridServer.DefaultApiKey, perSecond, burst, maxConcurrency, CancellationToken.None);
                portals[i] = new Portal(id, key);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. portals];
    }

    /// <summary>Waits until every accepted id reached the fake; the message names what is missing.</summary>
    public async Task WaitForAllAsync(IReadOnlyDictionary<string, string> accepted, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (Fake.AcceptedPersonalizations >= accepted.Count)
            {
                var arrived = Deliveries.Read(Fake).Select(d => d.MessageId).ToHashSet(StringComparer.Ordinal);
                if (accepted.Keys.All(arrived.Contains))
                {
                    return;
                }
            }

            if (clock.Elapsed > timeout)
            {
                var seen = Deliveries.Read(Fake).Select(d => d.MessageId).ToHashSet(StringComparer.Ordinal);
                var missing = accepted.Where(a => !seen.Contains(a.Key)).ToList();
                Assert.Fail($"{missing.Count} of {accepted.Count} accepted messages never reached SendGrid within {timeout} ({Progress(null)}), e.g. "
                    + string.Join(", ", missing.Take(5).Select(m => $"{m.Key} ({m.Value})")) + "\n" + Cluster.Tails());
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Waits for a condition; on timeout fails with what the load, the fake and the processes say.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, LoadRun? load = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"condition not met within {timeout}: {Progress(load)}\n{Cluster.Tails()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Counts for a failure message: accepted, refused (and why), what the fake answered.</summary>
    public string Progress(LoadRun? load)
    {
        var statuses = string.Join(", ", Fake.MailSends.GroupBy(r => r.Status).Select(g => $"{g.Key}: {g.Count()}"));
        return $"accepted {load?.Accepted.Count}, refusals {load?.Refusals} (last: {Api.LastError}); fake mail/send calls [{statuses}], emails {Fake.AcceptedPersonalizations}";
    }

    public void Log(string line) => _output.WriteLine(line);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _output.WriteLine("Process logs: " + Cluster.Folder);
        Http.Dispose();
        await Fake.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
