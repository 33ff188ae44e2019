namespace OrleansNotify.Streaming.PostgreSql.Tests;

public sealed class OptionsValidatorTests
{
    [Fact]
    public void Validate_DefaultsWithConnectionString_Valid()
        => Assert.Null(PostgreSqlStreamOptionsValidator.Validate(new() { ConnectionString = "Host=localhost" }));

    [Fact]
    public void Validate_NoConnection_NamesBothSettings()
    {
        var error = PostgreSqlStreamOptionsValidator.Validate(new());
        Assert.Contains("ConnectionString", error, StringComparison.Ordinal);
        Assert.Contains("DataSource", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(PostgreSqlStreamOptions.QueueCount))]
    [InlineData(nameof(PostgreSqlStreamOptions.MaxInsertBatchSize))]
    [InlineData(nameof(PostgreSqlStreamOptions.InsertConcurrency))]
    [InlineData(nameof(PostgreSqlStreamOptions.MaxClaimBatchSize))]
    [InlineData(nameof(PostgreSqlStreamOptions.MaxDeliveryAttempts))]
    [InlineData(nameof(PostgreSqlStreamOptions.VisibilityTimeout))]
    [InlineData(nameof(PostgreSqlStreamOptions.PollInterval))]
    [InlineData(nameof(PostgreSqlStreamOptions.QueueLeaseTime))]
    [InlineData(nameof(PostgreSqlStreamOptions.MaxDeliveryTime))]
    public void Validate_OutOfRange_NamesTheSetting(string setting)
    {
        var options = new PostgreSqlStreamOptions { ConnectionString = "Host=localhost" };
        var property = typeof(PostgreSqlStreamOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Zero : 0);

        Assert.StartsWith(setting, PostgreSqlStreamOptionsValidator.Validate(options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Validate_MinClaimIntervalOutsideZeroToPollInterval_NamesTheSetting(int milliseconds)
    {
        var options = new PostgreSqlStreamOptions
        {
            ConnectionString = "Host=localhost",
            PollInterval = TimeSpan.FromSeconds(1),
            MinClaimInterval = TimeSpan.FromMilliseconds(milliseconds),
        };

        Assert.StartsWith(nameof(PostgreSqlStreamOptions.MinClaimInterval), PostgreSqlStreamOptionsValidator.Validate(options), StringComparison.Ordinal);
    }
}
