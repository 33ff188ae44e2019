using System.Globalization;
using System.Reflection;

namespace OrleansNotify.PostgreSql.Migrations;

/// <summary>
/// One versioned script embedded in this assembly (Migrations/NNN_name.sql). Scripts are idempotent
/// on their own (IF NOT EXISTS, ON CONFLICT) and never edited once released: a change is a new script.
/// </summary>
public sealed record PostgreSqlMigration(int Version, string Name, string Sql)
{
    private const string Marker = ".Migrations.";

    /// <summary>Every embedded script, in version order.</summary>
    public static IReadOnlyList<PostgreSqlMigration> All { get; } = Load();

    private static PostgreSqlMigration[] Load()
    {
        var assembly = typeof(PostgreSqlMigration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(Marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n))
            .OrderBy(m => m.Version)
            .ToArray();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        }

        return migrations;
    }

    private static PostgreSqlMigration Read(Assembly assembly, string resource)
    {
        // "OrleansNotify.PostgreSql.Migrations.005_notify_messages.sql" -> 5, "notify_messages"
        var file = resource[(resource.LastIndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..^".sql".Length];
        var underscore = file.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration '{resource}' is not named NNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new PostgreSqlMigration(version, file[(underscore + 1)..], reader.ReadToEnd());
    }
}
