using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansNotify.Benchmarks.EndToEnd;

/// <summary>What one wrk run reported: 202s, other replies, and accept latency in µs.</summary>
internal sealed record WrkResult(long Accepted, long Refused, double P50Micros, double P99Micros);

/// <summary>
/// Drives load from a separate process (Debian's <c>wrk</c>, installed on first use) so the silo's
/// process CPU is its own. A generated Lua script round-robins the portals with their keys and makes
/// every body unique; each thread counts 202s itself, so the totals are exact.
/// </summary>
internal static partial class WrkLoad
{
    private const string Wrk = "/usr/bin/wrk";

    /// <summary>One item per request: the single-message endpoint, or a batch of <paramref name="perRequest"/>.</summary>
    public static async Task<WrkResult> RunAsync(Uri baseUrl, IReadOnlyList<(string Id, string Key)> portals, TimeSpan duration,
        int connections, int threads, int perRequest)
    {
        await EnsureInstalledAsync().ConfigureAwait(false);
        var script = Path.Combine(Path.GetTempPath(), $"e2e-{Environment.ProcessId}-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(portals, perRequest)).ConfigureAwait(false);
        try
        {
            var output = await RunProcessAsync(Wrk, ["-t", Num(threads), "-c", Num(connections), "-d", $"{duration.TotalSeconds:0}s",
                "--timeout", "10s", "-s", script, baseUrl.ToString()]).ConfigureAwait(false);
            var m = ResultLine().Match(output);
            if (!m.Success)
            {
                throw new InvalidOperationException($"wrk printed no result line:\n{output}");
            }

            double Get(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
            return new WrkResult((long)Get("a") * perRequest, (long)Get("r"), Get("p50"), Get("p99"));
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Script(IReadOnlyList<(string Id, string Key)> portals, int perRequest)
    {
        var list = new StringBuilder();
        foreach (var (id, key) in portals)
        {
            var path = perRequest == 1 ? $"/v1/portals/{id}/messages" : $"/v1/portals/{id}/messages/batch";
            list.Append(CultureInfo.InvariantCulture, $"  {{\"{path}\", \"Bearer {key}\"}},\n");
        }

        return $$"""
            local portals = {
            {{list}}}
            local per = {{perRequest}}
            local threads = {}
            local n = 0
            accepted = 0
            refused = 0
            function setup(thread)
              table.insert(threads, thread)
              thread:set("tid", #threads)
            end
            local function mail()
              n = n + 1
              return '{"personalizations":[{"to":[{"email":"u' .. tid .. '-' .. n .. '@example.com"}]}],"from":{"email":"shop@example.com"},"subject":"Your order","content":[{"type":"text/plain","value":"Thank you for your order."}]}'
            end
            function request()
              local p = portals[(n % #portals) + 1]
              local body
              if per == 1 then
                body = mail()
              else
                local items = {}
                for i = 1, per do items[i] = mail() end
                body = '[' .. table.concat(items, ',') .. ']'
              end
              return wrk.format("POST", p[1], {["Authorization"] = p[2], ["Content-Type"] = "application/json"}, body)
            end
            function response(status, headers, body)
              if status == 202 or status == 200 then accepted = accepted + 1 else refused = refused + 1 end
            end
            function done(summary, latency, requests)
              local a, r = 0, 0
              for _, t in ipairs(threads) do a = a + t:get("accepted"); r = r + t:get("refused") end
              io.write(string.format("WRK accepted=%d refused=%d p50=%d p99=%d\n", a, r, latency:percentile(50), latency:percentile(99)))
            end
            """;
    }

    private static async Task EnsureInstalledAsync()
    {
        if (!File.Exists(Wrk))
        {
            Console.WriteLine("e2e: installing wrk (apt-get install -y wrk)");
            await RunProcessAsync("apt-get", ["install", "-y", "wrk"]).ConfigureAwait(false);
        }
    }

    private static async Task<string> RunProcessAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var text = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{file} exited with {process.ExitCode}:\n{text}");
    }

    [GeneratedRegex(@"WRK accepted=(?<a>\d+) refused=(?<r>\d+) p50=(?<p50>\d+) p99=(?<p99>\d+)")]
    private static partial Regex ResultLine();
}
