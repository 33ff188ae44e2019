using Orleans;
using Orleans.Runtime;

namespace OrleansNotify.Streaming.PostgreSql;

/// <summary>Fails silo or client start-up when a PostgreSQL stream provider is misconfigured.</summary>
public sealed class PostgreSqlStreamOptionsValidator(PostgreSqlStreamOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var error = Validate(options);
        if (error is not null)
        {
            throw new OrleansConfigurationException($"PostgreSQL stream provider '{name}': {error}");
        }
    }

    /// <summary>The first problem found, or null when the options are usable.</summary>
    public static string? Validate(PostgreSqlStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DataSource is null && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return $"set {nameof(options.ConnectionString)} or {nameof(options.DataSource)}.";
        }

        return options switch
        {
            { QueueCount: < 1 or > 1024 } => $"{nameof(options.QueueCount)} must be 1..1024.",
            { MaxInsertBatchSize: < 1 or > 10_000 } => $"{nameof(options.MaxInsertBatchSize)} must be 1..10000.",
            { InsertConcurrency: < 1 or > 64 } => $"{nameof(options.InsertConcurrency)} must be 1..64.",
            { MaxClaimBatchSize: < 1 or > 10_000 } => $"{nameof(options.MaxClaimBatchSize)} must be 1..10000.",
            { MaxDeliveryAttempts: < 1 } => $"{nameof(options.MaxDeliveryAttempts)} must be at least 1.",
            _ when options.VisibilityTimeout < TimeSpan.FromSeconds(1) => $"{nameof(options.VisibilityTimeout)} must be at least 1 s.",
            _ when options.MaxDeliveryTime < options.VisibilityTimeout => $"{nameof(options.MaxDeliveryTime)} must be at least {nameof(options.VisibilityTimeout)}.",
            _ when options.QueueLeaseTime < TimeSpan.FromSeconds(1) => $"{nameof(options.QueueLeaseTime)} must be at least 1 s.",
            _ when options.PollInterval <= TimeSpan.Zero || options.PollInterval > options.QueueLeaseTime / 2
                => $"{nameof(options.PollInterval)} must be positive and at most half of {nameof(options.QueueLeaseTime)}.",
            _ when options.MinClaimInterval < TimeSpan.Zero || options.MinClaimInterval > options.PollInterval
                => $"{nameof(options.MinClaimInterval)} must be between zero and {nameof(options.PollInterval)}.",
            _ => null,
        };
    }
}
