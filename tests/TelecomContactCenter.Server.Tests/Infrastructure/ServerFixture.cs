using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace TelecomContactCenter.Server.Tests.Infrastructure;

/// <summary>One database and one running host per test class; <see cref="RestartAsync"/> starts a new host on it.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    public const string Password = "ContactCenter!1";

    /// <summary>A Monday morning (Beijing afternoon), so business-hour SLAs are running.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));

    public ServerFactory Factory { get; private set; } = null!;

    public abstract string Provider { get; }

    public async Task InitializeAsync()
    {
        await PrepareDatabaseAsync();
        Factory = new ServerFactory(Settings(), Clock);
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await ReleaseDatabaseAsync();
    }

    /// <summary>Stops the host and starts a fresh one on the same database.</summary>
    public async Task RestartAsync()
    {
        await Factory.DisposeAsync();
        Factory = new ServerFactory(Settings(), Clock);
        _ = Factory.Server;
    }

    /// <summary>Stops the host, lets <paramref name="after"/> pass on the clock, and starts a fresh host on the same database.</summary>
    public async Task RestartLaterAsync(TimeSpan after)
    {
        await Factory.DisposeAsync();
        Clock.Advance(after);
        Factory = new ServerFactory(Settings(), Clock);
        _ = Factory.Server;
    }

    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected abstract IReadOnlyDictionary<string, string?> Settings();

    protected abstract Task PrepareDatabaseAsync();

    protected abstract Task ReleaseDatabaseAsync();

    private sealed record TokenResponse(string AccessToken);
}

public sealed class SqliteServerFixture : ServerFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-sqlite-{Guid.NewGuid():N}");

    public override string Provider => "Sqlite";

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:SqlitePath"] = Path.Combine(_directory, "contactcenter.db"),
    };

    protected override Task PrepareDatabaseAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override Task ReleaseDatabaseAsync()
    {
        HostFolder.Delete(_directory);
        return Task.CompletedTask;
    }
}

public sealed class PostgresServerFixture : ServerFixture
{
    private readonly PostgresCluster _cluster = new();
    private string _connectionString = "";

    public override string Provider => "Postgres";

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["Database:PostgresConnectionString"] = _connectionString,
    };

    protected override async Task PrepareDatabaseAsync()
    {
        await _cluster.InitializeAsync();
        _connectionString = await _cluster.CreateDatabaseAsync("contactcenter");
    }

    protected override Task ReleaseDatabaseAsync() => _cluster.DisposeAsync();
}
