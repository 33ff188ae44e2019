using BenchmarkDotNet.Attributes;
using OrleansNotify.Mail;

namespace OrleansNotify.Benchmarks.Hot;

/// <summary>PortalMerge.ApplyPortal, run once per message just before it is sent.</summary>
[MemoryDiagnoser]
public class PortalMergeBenchmarks
{
    private MailSendRequest _small = null!;
    private MailSendRequest _thousand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = BenchmarkMessages.Small();
        _thousand = BenchmarkMessages.ThousandPersonalizations();
    }

    [Benchmark(Baseline = true)]
    public MailSendRequest Small() => _small.ApplyPortal("portal-1", "0192f3c4a5b67c8d9e0f1a2b3c4d5e6f", BenchmarkMessages.Defaults);

    [Benchmark]
    public MailSendRequest ThousandPersonalizations() => _thousand.ApplyPortal("portal-1", "0192f3c4a5b67c8d9e0f1a2b3c4d5e6f", BenchmarkMessages.Defaults);
}
