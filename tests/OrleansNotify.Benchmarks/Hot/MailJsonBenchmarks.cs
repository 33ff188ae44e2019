using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OrleansNotify.Mail;

namespace OrleansNotify.Benchmarks.Hot;

/// <summary>Reading and writing the mail/send body through the source-generated MailJsonContext.</summary>
[MemoryDiagnoser]
public class MailJsonBenchmarks
{
    private byte[] _smallJson = null!;
    private byte[] _thousandJson = null!;
    private MailSendRequest _small = null!;
    private MailSendRequest _thousand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = BenchmarkMessages.Small();
        _thousand = BenchmarkMessages.ThousandPersonalizations();
        _smallJson = BenchmarkMessages.Json(_small);
        _thousandJson = BenchmarkMessages.Json(_thousand);
    }

    [Benchmark(Baseline = true)]
    public MailSendRequest? DeserializeSmall() => JsonSerializer.Deserialize(_smallJson, MailJsonContext.Default.MailSendRequest);

    [Benchmark]
    public byte[] SerializeSmall() => JsonSerializer.SerializeToUtf8Bytes(_small, MailJsonContext.Default.MailSendRequest);

    [Benchmark]
    public MailSendRequest? DeserializeThousand() => JsonSerializer.Deserialize(_thousandJson, MailJsonContext.Default.MailSendRequest);

    [Benchmark]
    public byte[] SerializeThousand() => JsonSerializer.SerializeToUtf8Bytes(_thousand, MailJsonContext.Default.MailSendRequest);
}
