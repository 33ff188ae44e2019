using BenchmarkDotNet.Attributes;
using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Benchmarks.Hot;

/// <summary>MailValidator on the submission path: must stay far below 100 µs at 10,000 msg/s on 2 cores.</summary>
[MemoryDiagnoser]
public class MailValidationBenchmarks
{
    private MailSendRequest _small = null!;
    private MailSendRequest _thousandPersonalizations = null!;
    private MailSendRequest _thousandInOne = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = BenchmarkMessages.Small();
        _thousandPersonalizations = BenchmarkMessages.ThousandPersonalizations();
        _thousandInOne = BenchmarkMessages.ThousandInOnePersonalization();
        if (Validate(_small) + Validate(_thousandPersonalizations) + Validate(_thousandInOne) != 0)
        {
            throw new InvalidOperationException("The benchmark messages must be valid, or the figures measure the error path.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Small() => Validate(_small);

    [Benchmark]
    public int ThousandPersonalizations() => Validate(_thousandPersonalizations);

    [Benchmark]
    public int ThousandRecipientsInOnePersonalization() => Validate(_thousandInOne);

    private static int Validate(MailSendRequest mail) => MailValidator.Validate(mail, BenchmarkMessages.Context).Count;
}
