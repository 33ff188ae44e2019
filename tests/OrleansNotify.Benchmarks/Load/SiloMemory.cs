using System.Globalization;

namespace OrleansNotify.Benchmarks.Load;

/// <summary>Resident memory of the silo from /proc/&lt;pid&gt;/status (Linux): VmRSS now, VmHWM the peak.</summary>
internal static class SiloMemory
{
    public readonly record struct Sample(long RssBytes, long PeakBytes);

    public static Sample? Read(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KiloBytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KiloBytes(line);
            }
        }

        return new Sample(rss * 1024, peak * 1024);
    }

    // "VmRSS:	  123456 kB"
    private static long KiloBytes(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
