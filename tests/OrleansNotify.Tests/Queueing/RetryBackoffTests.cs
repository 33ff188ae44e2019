using OrleansNotify.Grains.Options;

namespace OrleansNotify.Tests.Queueing;

public class RetryBackoffTests
{
    private readonly RetryOptions _options = new();

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(8, 256)]
    [InlineData(9, 512)]
    public void BackoffFor_HighestJitter_DoublesFromTwoSeconds(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), _options.BackoffFor(attempt, 1.0));

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(int.MaxValue)]
    public void BackoffFor_LateAttempts_CappedAtTenMinutes(int attempt) =>
        Assert.Equal(TimeSpan.FromMinutes(10), _options.BackoffFor(attempt, 1.0));

    [Fact]
    public void BackoffFor_FullJitter_SpansZeroToTheCeiling()
    {
        Assert.Equal(TimeSpan.Zero, _options.BackoffFor(5, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(16), _options.BackoffFor(5, 0.5));
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), _options.BaseDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), _options.MaxDelay);
        Assert.Equal(TimeSpan.FromHours(24), _options.GiveUpAfter);
        Assert.Equal(2, _options.QuickRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), _options.DefaultRateLimitPause);
        Assert.Equal(500, new SenderOptions().MaxBatch("sendgrid"));
        Assert.Equal(8, new SenderOptions().MaxBatch("smtp"));
        Assert.Equal(8, new SenderOptions().MaxBatch("sendgrid-smtp"));
        Assert.Equal(1, new SenderOptions().MaxBatch("pickup"));
    }
}
