using Npgsql;

namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// What cluster mode needs from configuration, checked once at start-up so a missing or malformed value
/// stops the process with a message that names the setting (never its value).
/// </summary>
public sealed record ClusterSettings(string ConnectionString, string ClusterId, string ServiceId, string EncryptionKey)
{
    /// <summary>Default ClusterId and ServiceId: one deployment per database unless configured.</summary>
    public const string DefaultId = "orleansnotify";

    /// <summary>Pool of the process's one NpgsqlDataSource (message store, stream queues) unless the connection string sets one.</summary>
    public const int DataSourcePoolSize = 16;

    /// <summary>Pool of Orleans' ADO.NET providers (membership, grain state, reminders): they open connections by string.</summary>
    public const int OrleansPoolSize = 8;

    public static ClusterSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration.GetConnectionString("Notify");
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                "Notify:Mode is 'cluster' but ConnectionStrings:Notify (env ConnectionStrings__Notify) is not set: " +
                "cluster mode keeps membership, state, reminders, streams and messages in PostgreSQL. " +
                "Without a database, run the default Notify:Mode 'embedded'.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:Notify is not a valid Npgsql connection string: {ex.Message}");
        }

        var key = configuration["Notify:EncryptionKey"];
        // Fails here, before anything starts, when the key is missing or not 32 bytes of base64.
        Security.AesGcmSecretProtector.FromBase64(key, "Notify:EncryptionKey (env Notify__EncryptionKey)").Dispose();
        if (string.IsNullOrWhiteSpace(configuration["Notify:AdminKey"]))
        {
            throw new InvalidOperationException(
                "Notify:Mode is 'cluster' but Notify:AdminKey is not set: every silo and front end must share one admin key.");
        }

        return new ClusterSettings(
            connection,
            Id(configuration, "Notify:ClusterId"),
            Id(configuration, "Notify:ServiceId"),
            key!);
    }

    /// <summary>
    /// Statements Npgsql prepares per connection once they repeat, unless the connection string sets it. Our
    /// stores send a handful of fixed statements (claims, coalesced inserts, the status CTE) thousands of
    /// times a second: prepared, PostgreSQL skips parsing and planning them on every call.
    /// </summary>
    public const int DataSourceAutoPrepare = 32;

    /// <summary>
    /// The data source's connection string: a small pool, auto-prepared statements and no reset on close
    /// unless the operator chose otherwise. With prepared statements Npgsql cannot reset a returned
    /// connection with DISCARD ALL, so it sends six resets (RESET ALL, UNLISTEN *, ...) before the next
    /// command: at ~1,000 connection returns/s they were most of PostgreSQL's statements. Our stores leave
    /// no session state behind (the migrator unlocks its advisory lock; the LISTEN connection is held until
    /// the host stops), so there is nothing to reset.
    /// </summary>
    public string DataSourceConnectionString
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(WithPool(DataSourcePoolSize));
            if (builder.MaxAutoPrepare == DefaultPool.MaxAutoPrepare)
            {
                builder.MaxAutoPrepare = DataSourceAutoPrepare;
            }

            if (!ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)
                && !ConnectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
            {
                builder.NoResetOnClose = true;
            }

            return builder.ConnectionString;
        }
    }

    /// <summary>The Orleans providers' connection string (one Npgsql pool shared by the three providers).</summary>
    public string OrleansConnectionString => WithPool(OrleansPoolSize);

    private string WithPool(int size)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (builder.MaxPoolSize == DefaultPool.MaxPoolSize) // not chosen in the string
        {
            builder.MaxPoolSize = size;
        }

        return builder.ConnectionString;
    }

    private static readonly NpgsqlConnectionStringBuilder DefaultPool = new();

    private static string Id(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? DefaultId : value.Trim();
    }
}
