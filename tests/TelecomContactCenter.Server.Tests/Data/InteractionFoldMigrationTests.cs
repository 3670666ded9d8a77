using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Data;

/// <summary>
/// A database at the migration before the fold (calls in <c>interactions</c> plus their <c>interaction_calls</c>
/// satellite, IVR paths in both stored shapes) is migrated by the host's start and read back through the API and
/// the CSV export: every call keeps every field on its one row, and both path shapes read as the IVR's states.
/// </summary>
public abstract class InteractionFoldMigrationTests : IAsyncLifetime
{
    private const string From = "2020-03-01T00:00:00Z";
    private const string To = "2020-03-02T00:00:00Z";
    private static readonly DateTimeOffset Start = new(2020, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Start_OnADatabaseWithCallSatellites_KeepsEveryFieldOnOneRowReadThroughTheApiAndCsv()
    {
        await using (var old = SchemaContexts.Create(Provider, Configure))
        {
            var baseline = old.Database.GetMigrations().First();
            await old.GetService<IMigrator>().MigrateAsync(baseline);
            // Braces doubled: raw SQL goes through string.Format, and the rows' JSON has braces of its own.
            await old.Database.ExecuteSqlRawAsync(RowsBeforeTheFold().Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        }

        await using var factory = new ServerFactory(Settings(), new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero)));
        using var client = await SupervisorAsync(factory);

        var listed = await OneAsync(client, "fold-list");
        Assert.Equal(
            ["+8613800000001", "+8613800000001", "NetworkAsserted", "2", "general", "Gold", "agent1", "Resolved", "C-1", "Voice", "called back"],
            Strings(listed, "caller", "callerE164", "identityConfidence", "ivrDigits", "queue", "tier", "agent", "disposition", "complaintId", "channel", "notes"));
        Assert.Equal(["welcome", "main-menu", "billing"], Array(listed, "ivrPath"));
        Assert.Equal(
            ["10000", "ivr", "+8613800000001", "PAssertedIdentity", "general", "agent1", "Maturity", "Gold: top 5%"],
            Strings(listed, "accessNumber", "mode", "callerRaw", "identitySource", "targetQueue", "targetAgent", "lifecycleStage", "reason"));
        Assert.Equal((200, 20, 340), (listed.GetProperty("statusCode").GetInt32(), listed.GetProperty("priority").GetInt32(), listed.GetProperty("decisionMicroseconds").GetInt32()));
        Assert.Equal((Start, Start.AddSeconds(65), Start.AddSeconds(200), Start.AddSeconds(230)),
            (listed.GetProperty("startedAt").GetDateTimeOffset(), listed.GetProperty("answeredAt").GetDateTimeOffset(),
                listed.GetProperty("endedAt").GetDateTimeOffset(), listed.GetProperty("wrapUpCompletedAt").GetDateTimeOffset()));
        Assert.Equal((60.0, 3.0, 135.0), (listed.GetProperty("waitSeconds").GetDouble(), listed.GetProperty("ringSeconds").GetDouble(), listed.GetProperty("talkSeconds").GetDouble()));
        Assert.Equal(("o1", "Accepted"), (listed.GetProperty("offers")[0].GetProperty("offerId").GetString(), listed.GetProperty("offers")[0].GetProperty("outcome").GetString()));
        Assert.Equal("Enqueue", listed.GetProperty("routing")[0].GetProperty("decision").GetString());

        var objectShape = await OneAsync(client, "fold-object");
        Assert.Equal(["welcome", "menu"], Array(objectShape, "ivrPath"));
        Assert.Equal(["+8613800000002", "UserProvided", "From", "ivr", "caller hung up in the menu"],
            Strings(objectShape, "callerE164", "identityConfidence", "identitySource", "mode", "reason"));

        var redirect = await OneAsync(client, "fold-redirect");
        Assert.Equal(["routing-only", "vip-desk", "redirected"], Strings(redirect, "mode", "targetQueue", "disposition"));
        Assert.Equal((302, JsonValueKind.Null), (redirect.GetProperty("statusCode").GetInt32(), redirect.GetProperty("agent").ValueKind));
        Assert.Empty(Array(redirect, "ivrPath"));

        var callback = await OneAsync(client, "fold-callback");
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (callback.GetProperty("statusCode").ValueKind, callback.GetProperty("accessNumber").ValueKind));
        Assert.Equal("Callback", callback.GetProperty("channel").GetString());

        var csv = await CsvAsync(client);
        Assert.Equal(4, csv.Count);
        var row = csv["fold-list"];
        Assert.Equal(
            ["welcome > main-menu > billing", "2", "general", "agent1", "o1=Accepted", "1", "called back", "+8613800000001", "NetworkAsserted",
                "PAssertedIdentity", "+8613800000001", "10000", "ivr", "200", "Gold: top 5%", "general", "agent1", "Maturity", "20", "340"],
            [row["ivr_path"], row["ivr_digits"], row["queue"], row["agent"], row["offers"], row["offers_accepted"], row["notes"], row["caller_e164"],
                row["identity_confidence"], row["identity_source"], row["caller_raw"], row["access_number"], row["mode"], row["status_code"],
                row["reason"], row["target_queue"], row["target_agent"], row["lifecycle_stage"], row["priority"], row["decision_microseconds"]]);
        Assert.Equal(("welcome > menu", "302", ""), (csv["fold-object"]["ivr_path"], csv["fold-redirect"]["status_code"], csv["fold-callback"]["status_code"]));
    }

    private protected abstract DatabaseProvider Provider { get; }

    private protected abstract void Configure(DbContextOptionsBuilder builder);

    private protected abstract IReadOnlyDictionary<string, string?> Settings();

    /// <summary><see cref="Start"/> plus <paramref name="seconds"/> as the provider stores an instant, as a SQL literal.</summary>
    private protected abstract string At(int seconds);

    /// <summary>Rows as the writers before the fold left them: the ACD's and telephony's row of a call plus the call's satellite.</summary>
    private string RowsBeforeTheFold() =>
        Interaction("fold-list", "+8613800000001", "'+8613800000001'", "'NetworkAsserted'",
            "'[\"welcome\",\"main-menu\",\"billing\"]'", "'2'", "'general'", "'Gold'", At(0), At(5), At(62), At(65), At(200), At(230),
            "'agent1'", "'Resolved'", "'C-1'", "'Voice'", "'called back'",
            "'[{\"offerId\":\"o1\",\"title\":\"Data pack\",\"scriptVersion\":\"v1\",\"outcome\":\"Accepted\"}]'",
            "'[{\"at\":\"2020-03-01T08:00:05+00:00\",\"decision\":\"Enqueue\",\"agent\":null,\"reason\":\"queue general\"}]'") +
        Satellite("fold-list", "'10000'", "'ivr'", "'+8613800000001'", "'+8613800000001'", "'NetworkAsserted'", "'PAssertedIdentity'", 200,
            "'general'", "'agent1'", "'Gold'", "'Maturity'", "20", "'Gold: top 5%'", "340") +
        Interaction("fold-object", "+8613800000002", "NULL", "NULL",
            "'{\"callId\":\"fold-object\",\"accessNumber\":\"10000\",\"flow\":\"main\",\"flowVersion\":\"3\",\"caller\":\"+8613800000002\"," +
            "\"summary\":\"welcome > menu\",\"digits\":\"9\",\"steps\":[{\"kind\":\"Host\",\"state\":\"welcome\",\"text\":\"known customer\"}," +
            "{\"kind\":\"Digit\",\"state\":\"menu\",\"text\":\"9\"},{\"kind\":\"Host\",\"state\":\"menu\",\"text\":\"caller hung up\"}]," +
            "\"queue\":null,\"priorityBonus\":null,\"queueReason\":null,\"callbackQueue\":null,\"end\":\"caller hung up\"}'",
            "NULL", "NULL", "NULL", At(10), "NULL", "NULL", "NULL", At(40), "NULL", "NULL", "'abandoned-in-ivr'", "NULL", "'Voice'", "NULL", "NULL", "NULL") +
        Satellite("fold-object", "'10000'", "'ivr'", "'+8613800000002'", "'+8613800000002'", "'UserProvided'", "'From'", 200,
            "NULL", "NULL", "NULL", "NULL", "NULL", "'caller hung up in the menu'", "NULL") +
        Interaction("fold-redirect", "+8613800000003", "'+8613800000003'", "'NetworkAsserted'", "NULL", "NULL", "NULL", "'Platinum'", At(20), "NULL", "NULL", "NULL",
            At(20), "NULL", "NULL", "'redirected'", "NULL", "'Voice'", "NULL", "NULL", "NULL") +
        Satellite("fold-redirect", "'10001'", "'routing-only'", "'+8613800000003'", "'+8613800000003'", "'NetworkAsserted'", "'PAssertedIdentity'", 302,
            "'vip-desk'", "NULL", "'Platinum'", "'Maturity'", "50", "'Platinum: top 1%'", "120") +
        Interaction("fold-callback", "+8613800000004", "'+8613800000004'", "'NetworkAsserted'", "NULL", "NULL", "'general'", "NULL", At(30), At(30), "NULL", "NULL",
            "NULL", "NULL", "NULL", "NULL", "NULL", "'Callback'", "NULL", "NULL", "NULL");

    private static string Interaction(string callId, string caller, string e164, string confidence, string ivrPath, string digits, string queue, string tier,
        string startedAt, string queuedAt, string ringAt, string answeredAt, string endedAt, string wrappedAt, string agent, string disposition,
        string complaint, string channel, string notes, string offers, string routing) =>
        "INSERT INTO \"interactions\" (\"CallId\", \"Caller\", \"CallerE164\", \"IdentityConfidence\", \"IvrPath\", \"IvrDigits\", \"Queue\", \"Tier\", " +
        "\"StartedAt\", \"QueuedAt\", \"RingStartedAt\", \"AnsweredAt\", \"EndedAt\", \"WrapUpCompletedAt\", \"Agent\", \"Disposition\", \"ComplaintId\", " +
        "\"Channel\", \"Notes\", \"Offers\", \"Routing\") VALUES " +
        $"('{callId}', '{caller}', {e164}, {confidence}, {ivrPath}, {digits}, {queue}, {tier}, {startedAt}, {queuedAt}, {ringAt}, " +
        $"{answeredAt}, {endedAt}, {wrappedAt}, {agent}, {disposition}, {complaint}, {channel}, {notes}, {offers}, {routing});";

    private static string Satellite(string callId, string accessNumber, string mode, string raw, string e164, string confidence, string source,
        int status, string targetQueue, string targetAgent, string tier, string stage, string priority, string reason, string micros) =>
        "INSERT INTO \"interaction_calls\" (\"InteractionId\", \"CallId\", \"AccessNumber\", \"Mode\", \"CallerRaw\", \"CallerE164\", " +
        "\"IdentityConfidence\", \"IdentitySource\", \"StatusCode\", \"TargetQueue\", \"TargetAgent\", \"Tier\", \"LifecycleStage\", \"Priority\", " +
        "\"Reason\", \"DecisionMicroseconds\") " +
        $"SELECT \"Id\", '{callId}', {accessNumber}, {mode}, {raw}, {e164}, {confidence}, {source}, {status}, {targetQueue}, {targetAgent}, {tier}, " +
        $"{stage}, {priority}, {reason}, {micros} FROM \"interactions\" WHERE \"CallId\" = '{callId}';";

    private static async Task<HttpClient> SupervisorAsync(ServerFactory factory)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "supervisor1", password = ServerFixture.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> OneAsync(HttpClient client, string callId)
    {
        var rows = await client.GetFromJsonAsync<JsonElement>($"/api/interactions?callId={callId}");
        return Assert.Single(rows.EnumerateArray().ToList());
    }

    private static string[] Strings(JsonElement row, params string[] names) => [.. names.Select(n => row.GetProperty(n).GetString() ?? "(null)")];

    private static string[] Array(JsonElement row, string name) => [.. row.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? "(null)")];

    /// <summary>The interactions CSV of the rows' day, by call id then column (no value in these rows holds a comma or quote).</summary>
    private static async Task<Dictionary<string, Dictionary<string, string>>> CsvAsync(HttpClient client)
    {
        var bytes = await client.GetByteArrayAsync($"/api/export/interactions.csv?from={From}&to={To}");
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[1], f => header.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => f[c.i]));
    }
}

public sealed class SqliteInteractionFoldMigrationTests : InteractionFoldMigrationTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-fold-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_directory, "contactcenter.db");

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private protected override void Configure(DbContextOptionsBuilder builder) => builder.UseSqlite($"Data Source={DatabasePath}");

    private protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:SqlitePath"] = DatabasePath,
    };

    private protected override string At(int seconds) =>
        new DateTimeOffset(2020, 3, 1, 8, 0, 0, TimeSpan.Zero).AddSeconds(seconds).UtcTicks.ToString(CultureInfo.InvariantCulture);
}

public sealed class PostgresInteractionFoldMigrationTests(PostgresCluster cluster) : InteractionFoldMigrationTests, IClassFixture<PostgresCluster>
{
    private string _connectionString = "";

    public override async Task InitializeAsync() => _connectionString = await cluster.CreateDatabaseAsync($"fold_{Guid.NewGuid():N}");

    public override Task DisposeAsync() => Task.CompletedTask;

    private protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    private protected override void Configure(DbContextOptionsBuilder builder) => builder.UseNpgsql(_connectionString);

    private protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["Database:PostgresConnectionString"] = _connectionString,
    };

    private protected override string At(int seconds) => $"TIMESTAMPTZ '2020-03-01 08:00:00+00' + INTERVAL '{seconds} seconds'";
}
