using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// The versioned SQL scripts that moved the schema before EF Core migrations (Data/Legacy, embedded resources
/// <c>NNNN_name.{sqlite|postgres}.sql</c>, recorded in a schema_version table). Frozen: they only bring a database
/// created by an older release up to <see cref="FinalVersion"/>, whose schema is the EF baseline migration, so
/// <see cref="DatabaseSchema"/> can record that baseline as applied and carry on with EF. Each script's SHA-256 is
/// pinned here; a changed script stops start-up rather than adopt a database into a schema it does not have.
/// </summary>
internal static partial class LegacySchema
{
    /// <summary>The last version the scripts reach: the schema of the baseline migration.</summary>
    public const int FinalVersion = 15;

    private static readonly Dictionary<string, string> Pinned = new(StringComparer.Ordinal)
    {
        ["0001_initial.postgres.sql"] = "0b6370b8207553d4848cb3729697c3d5e98db3b1f322fc57ccbc70415dfa20b5",
        ["0001_initial.sqlite.sql"] = "0a91280bab35a007f1621785268c483703f56ea8f45626e7602a0a2736790c18",
        ["0002_interaction_ivr_path.postgres.sql"] = "6ec0c4acf5cb465bbc044b78cdd3fe3339727500b692acecfbf74bcf18d1f67a",
        ["0002_interaction_ivr_path.sqlite.sql"] = "d769115e556752b626c074dd695faab501d157403ca8cad690aba9e2f35af9e2",
        ["0003_interaction_calls.postgres.sql"] = "a65ac27f7bb30e90dbb41e1ccab507275cec6762923e8ff7f4bdf1fde362f2cb",
        ["0003_interaction_calls.sqlite.sql"] = "6275a933052fbfccd5f3ca1e27320ee9ed44d2639c7055e89db86c12624141a6",
        ["0004_call_records.postgres.sql"] = "6c6c523970e6c37fb4b8850e482ec6ac50a786c419c4ff14aa54f66b52c44394",
        ["0004_call_records.sqlite.sql"] = "81337a074756ca6e8fb28d903c107553fd43007030f3886a3e47c87c416749e7",
        ["0005_audit_log.postgres.sql"] = "ad66b0e57853218d8ab526ac8877470e4d2bca5601daa96a7898547c10779368",
        ["0005_audit_log.sqlite.sql"] = "b1ae4ee4beb86ecae88779736821868e022518c05b35e8ed8e1533937eaa7f61",
        ["0006_discount_requests.postgres.sql"] = "632d3bf150a92bbfc20dbbc2acfbcf3e0ad2ffb65e9ca01dcde3a6fae9fe8733",
        ["0006_discount_requests.sqlite.sql"] = "a14f773c8f7ade8530371c8e2b53727cfa831d2fe04a78279cee1807f6e1af7f",
        ["0007_callbacks.postgres.sql"] = "c8f666f0f2091528e1e3a6c66f9c3540684456a24e6e3fdd88b9114fa8343344",
        ["0007_callbacks.sqlite.sql"] = "531a0fbf5976e029db7bcd8a53a1ca0340dd571206b77abfca846980624a0f7c",
        ["0008_one_interaction_per_call.postgres.sql"] = "ba76f3b658ea9d0f340e6e0cab7757eebccb6bfb0d0c7880454e872d98a507ee",
        ["0008_one_interaction_per_call.sqlite.sql"] = "0e95add9d6c2b09e866b3e2540d59929aeaca77beae00a8e5bfa1867ca90bddd",
        ["0009_callback_attempts.postgres.sql"] = "6e2eefc448dca14200218a91b2fea8aa8d02f34d89e4376b1ccb78dbf4d5896e",
        ["0009_callback_attempts.sqlite.sql"] = "d15f96baf3302332fe273abb7637010283cd1bcdc9f0d5b2f93a9982cefcf05b",
        ["0010_customer_gender_demo_clock.postgres.sql"] = "7fbb8e4f88a6f9fb39b6820bf5baa3537f09fb4e75605a6430d45f9b96355300",
        ["0010_customer_gender_demo_clock.sqlite.sql"] = "5b9e2fb27d61a147f36ebb60781ce295eb7c1550a6c95957781da9462abfc944",
        ["0011_account_manager_user.postgres.sql"] = "02d0839fd09f7be61456e197236365c15359c3c0877dbef2003e6247cc641410",
        ["0011_account_manager_user.sqlite.sql"] = "d5786e8f64d85dae70ad1536df029cb3e621caf39b7dfec08322871bce9ebfe4",
        ["0012_customer_reasons.postgres.sql"] = "90224dcda536a25747fb44ef0ccced0cd17c7b2c5855673311254ff4e580cd2a",
        ["0012_customer_reasons.sqlite.sql"] = "d0deb8879149d5d558cdbca951ab9920092df99fa99f69cb407a230ed32a9e4b",
        ["0013_complaint_first_call.postgres.sql"] = "bf796a46efd2255d54cc407b9a8513131901b332bc5db76510f19165078a0b3b",
        ["0013_complaint_first_call.sqlite.sql"] = "1f0f559bac6e1f83b7affb94ea8b9b6d4365718980b74fa0bd77628d3e67b663",
        ["0015_interaction_notes.postgres.sql"] = "b9c3cf39e59da736957cefab3432ba10c6f5eafc89aac5cb4cb52842cc5f5797",
        ["0015_interaction_notes.sqlite.sql"] = "ca08da5376ffcb51a74662511f77a97cb5ef9ae10c38b5259e640c77d3334e10",
    };

    /// <summary>
    /// The schema versions releases shipped, oldest first (14 was reserved and never released as a script).
    /// </summary>
    public static IReadOnlyList<int> ReleasedVersions { get; } =
        [.. Pinned.Keys.Select(k => int.Parse(k[..4], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order()];

    /// <summary>True when the database was created by the scripts (it has a schema_version table).</summary>
    public static async Task<bool> IsLegacyAsync(DbConnection connection, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var sql = provider switch
        {
            DatabaseProvider.Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';",
            DatabaseProvider.Postgres =>
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version';",
            _ => null,
        };
        if (sql is null)
        {
            return false; // No release ever created a SQL Server database with the scripts.
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// Applies the scripts newer than the database's schema_version, up to <paramref name="targetVersion"/>, each in
    /// its own transaction; returns the version reached. On an empty database it creates schema_version first (tests
    /// build the schema of an older release this way).
    /// </summary>
    public static async Task<int> MigrateAsync(
        DbConnection connection, DatabaseProvider provider, int targetVersion, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null,
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL);",
            cancellationToken);
        var current = await CurrentVersionAsync(connection, cancellationToken);
        foreach (var script in Scripts(provider).Where(s => s.Version > current && s.Version <= targetVersion).OrderBy(s => s.Version))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO schema_version (version, applied_at) VALUES ({script.Version}, '{timeProvider.GetUtcNow():O}');",
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            current = script.Version;
        }

        return current;
    }

    /// <summary>Runs the scripts on a context's connection (tests: a database as an older release left it).</summary>
    public static async Task<int> MigrateAsync(ContactCenterDbContext db, int targetVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var provider = DatabaseProviders.Of(db.Database);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await MigrateAsync(db.Database.GetDbConnection(), provider, targetVersion, TimeProvider.System, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The scripts of one provider, each checked against its pinned hash.</summary>
    public static IEnumerable<(int Version, string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(LegacySchema).Assembly;
        var suffix = provider == DatabaseProvider.Postgres ? ".postgres.sql" : ".sqlite.sql";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(suffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var match = ScriptName().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Legacy schema resource {name} is not named NNNN_name{suffix}.");
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var file = match.Groups[0].Value["Legacy.".Length..];
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            if (!Pinned.TryGetValue(file, out var pinned) || pinned != hash)
            {
                throw new InvalidOperationException(
                    $"Legacy schema script Data/Legacy/{file} is not the one released (SHA-256 {hash}); these scripts are frozen, change the schema with an EF migration.");
            }

            yield return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql);
        }
    }

    /// <summary>The highest version recorded in schema_version (0 when it has no rows); the table must exist.</summary>
    public static async Task<int> CurrentVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"Legacy\.(\d{4})_([a-z0-9_]+)\.(sqlite|postgres)\.sql$")]
    private static partial Regex ScriptName();
}
