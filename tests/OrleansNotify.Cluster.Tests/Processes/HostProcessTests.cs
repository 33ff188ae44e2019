using System.Diagnostics;
using System.Globalization;
using OrleansNotify.Cluster.Tests.Failover;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>
/// The harness itself, on a zero-config (embedded) silo process: the signals do what the failover
/// scenarios rely on, and the process is the silo, not a wrapper.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class HostProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orleansnotify-host-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly HostProcess _silo;

    public HostProcessTests()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Notify__Mode"] = "embedded",
            ["Notify__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Notify__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Notify__AdminKey"] = "harness-admin-key",
        };
        var http = new Uri($"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}/");
        _silo = HostProcess.Start("embedded", HostBinaries.DllOf(HostBinaries.Silo), http, environment, _folder);
    }

    [Fact]
    public async Task Kill_RunningSilo_DiesAtOnceWithoutShutdown()
    {
        await WaitLiveAsync();
        var clock = Stopwatch.StartNew();
        _silo.Kill();
        Assert.True(await _silo.WaitForExitAsync(TimeSpan.FromSeconds(5)), _silo.Tail());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"exit took {clock.Elapsed}");
        Assert.Equal(137, _silo.ExitCode);
        Assert.False(await AnswersAsync());
    }

    [Fact]
    public async Task FreezeThenResume_Silo_StopsAnsweringThenAnswersAgain()
    {
        await WaitLiveAsync();
        _silo.Freeze();
        Assert.False(await AnswersAsync());
        Assert.False(_silo.HasExited);
        _silo.Resume();
        await WaitLiveAsync();
    }

    [Fact]
    public async Task StopGracefully_Silo_RunsShutdownAndExitsCleanly()
    {
        await WaitLiveAsync();
        Assert.True(await _silo.StopGracefullyAsync(TimeSpan.FromSeconds(30)), _silo.Tail());
        Assert.Equal(0, _silo.ExitCode);
        Assert.Contains("shutting down", File.ReadAllText(_silo.LogPath), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _silo.Dispose();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitLiveAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            Assert.False(_silo.HasExited, _silo.Tail());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the silo never answered /health/live\n" + _silo.Tail());
            await Task.Delay(100);
        }
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(_silo.Http, "/health/live"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
