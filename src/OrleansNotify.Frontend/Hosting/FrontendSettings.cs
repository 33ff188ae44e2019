using Npgsql;

namespace OrleansNotify.Frontend.Hosting;

/// <summary>The settings the front end shares with the silos: the database and the cluster's identity.</summary>
public sealed record FrontendSettings(string ConnectionString, string ClusterId, string ServiceId)
{
    /// <summary>The silos' defaults for Notify:ClusterId and Notify:ServiceId.</summary>
    public const string DefaultId = "orleansnotify";

    /// <summary>Membership reads only: a handful of connections is plenty.</summary>
    public const int PoolSize = 4;

    public static FrontendSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration.GetConnectionString("Notify");
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Notify (env ConnectionStrings__Notify) is not set: the front end finds the silos in PostgreSQL's membership table.");
        }

        if (string.IsNullOrWhiteSpace(configuration["Notify:AdminKey"]))
        {
            throw new InvalidOperationException("Notify:AdminKey is not set: use the silos' admin key.");
        }

        var pooled = new NpgsqlConnectionStringBuilder(connection);
        if (pooled.MaxPoolSize == new NpgsqlConnectionStringBuilder().MaxPoolSize)
        {
            pooled.MaxPoolSize = PoolSize;
        }

        return new FrontendSettings(pooled.ConnectionString, Id(configuration, "Notify:ClusterId"), Id(configuration, "Notify:ServiceId"));
    }

    private static string Id(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : DefaultId;
}
