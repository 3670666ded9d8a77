using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// The IVR path writer's batches against the migrated schema of each provider. Its retries run on a manual clock
/// the test watches, so a test knows when the writer has tried, found no row, and is waiting.
/// </summary>
public abstract class IvrPathWriterTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    // Only bounds a failing test; no step waits for time to pass.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SubmitAsync_RowWrittenAfterTheFirstTry_PathLandsOnTheNextTry()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock);
        var callId = NewCallId();
        var path = Path(callId, "menu > billing > queue");

        var written = writer.SubmitAsync(path, CancellationToken.None);
        var wait = await clock.NextTimerAsync();
        var beforeRow = written.IsCompleted;
        await InsertRowsAsync([callId]);
        clock.Advance(wait);
        var landed = await written.WaitAsync(Bound);
        await writer.StopAsync(CancellationToken.None);

        Assert.False(beforeRow);
        Assert.Equal(IvrPathWriter.FirstRetryDelay, wait);
        Assert.True(landed);
        var stored = await StoredPathsAsync([callId]);
        Assert.Equal(JsonSerializer.Serialize(path, IvrJsonContext.Default.IvrPathRecord), stored[callId]);
    }

    [Fact]
    public async Task SubmitAsync_ManyPathsTogether_EachRowGetsItsOwnPathInOneTransaction()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = new IvrPathWriter(Scopes, clock, NullLogger<IvrPathWriter>.Instance);
        var callIds = Enumerable.Range(0, 40).Select(_ => NewCallId()).ToArray();
        await InsertRowsAsync(callIds);
        var written = callIds.Select((id, i) => writer.SubmitAsync(Path(id, $"caller {i} pressed {i % 10}"), CancellationToken.None)).ToArray();

        await writer.StartAsync(CancellationToken.None);
        var landed = await Task.WhenAll(written).WaitAsync(Bound);
        var transactions = await TransactionsThatWroteAsync(callIds);
        await writer.StopAsync(CancellationToken.None);

        Assert.All(landed, Assert.True);
        var stored = await StoredPathsAsync(callIds);
        Assert.All(callIds.Select((id, i) => (id, i)), call =>
        {
            var path = JsonSerializer.Deserialize(stored[call.id]!, IvrJsonContext.Default.IvrPathRecord)!;
            Assert.Equal((call.id, $"caller {call.i} pressed {call.i % 10}"), (path.CallId, path.Summary));
        });
        Assert.True(transactions is null or 1, $"the paths were written in {transactions} transactions");
    }

    [Fact]
    public async Task SubmitAsync_RowNeverWritten_IsGivenUpAfterTheBudgetWhileOthersLandAtOnce()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock);
        var orphan = NewCallId();
        var other = NewCallId();
        await InsertRowsAsync([other]);
        var start = clock.GetUtcNow();
        var givenUp = writer.SubmitAsync(Path(orphan, "never recorded"), CancellationToken.None);
        await clock.NextTimerAsync();

        var otherLanded = await writer.SubmitAsync(Path(other, "recorded"), CancellationToken.None).WaitAsync(Bound);
        var clockAtOther = clock.GetUtcNow();
        var tries = 0;
        using var done = new CancellationTokenSource();
        while (!givenUp.IsCompleted)
        {
            var next = clock.NextTimerAsync(done.Token);
            if (await Task.WhenAny(givenUp, next).WaitAsync(Bound) == next)
            {
                clock.Advance(await next);
                tries++;
            }
        }

        var result = await givenUp;
        await done.CancelAsync();
        await writer.StopAsync(CancellationToken.None);

        Assert.True(otherLanded);
        Assert.Equal(start, clockAtOther);
        Assert.False(result);
        Assert.InRange(clock.GetUtcNow() - start, IvrPathWriter.GiveUpAfter - IvrPathWriter.MaxRetryDelay, IvrPathWriter.GiveUpAfter);
        Assert.InRange(tries, 5, 30);
        var stored = await StoredPathsAsync([other]);
        Assert.Contains("\"summary\":\"recorded\"", stored[other]);
    }

    [Fact]
    public async Task SubmitAsync_RetryDueSoon_RidesAlongWithTheNextNewPath()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock);
        var early = NewCallId();
        var next = NewCallId();
        var start = clock.GetUtcNow();
        var earlyWritten = writer.SubmitAsync(Path(early, "path before row"), CancellationToken.None);
        var wait = await clock.NextTimerAsync();
        await InsertRowsAsync([early, next]);
        clock.Advance(wait * 0.6);

        var nextLanded = await writer.SubmitAsync(Path(next, "row already there"), CancellationToken.None).WaitAsync(Bound);
        var earlyLanded = await earlyWritten.WaitAsync(Bound);
        await writer.StopAsync(CancellationToken.None);

        Assert.True(nextLanded);
        Assert.True(earlyLanded);
        Assert.True(clock.GetUtcNow() - start < wait, "the retry waited for its own timer");
    }

    [Fact]
    public async Task StopAsync_PathWaitingForItsRow_StopsAtOnceAndGivesItUp()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock);
        var waiting = writer.SubmitAsync(Path(NewCallId(), "hung up in the menu"), CancellationToken.None);
        await clock.NextTimerAsync();

        await writer.StopAsync(CancellationToken.None).WaitAsync(Bound);
        var afterStop = await writer.SubmitAsync(Path(NewCallId(), "too late"), CancellationToken.None).WaitAsync(Bound);

        Assert.False(await waiting.WaitAsync(Bound));
        Assert.False(afterStop);
    }

    private IServiceScopeFactory Scopes => fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>();

    private async Task<IvrPathWriter> StartAsync(TimeProvider clock)
    {
        var writer = new IvrPathWriter(Scopes, clock, NullLogger<IvrPathWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return writer;
    }

    private static string NewCallId() => $"{Guid.NewGuid():N}@ivr";

    private static IvrPathRecord Path(string callId, string summary) => new(
        callId, "10001", "main", "3", "+8613800000001", summary, "12",
        [new IvrPathStep("Host", "welcome", "known customer"), new IvrPathStep("Digit", "menu", "1")],
        "general", 10, "billing question", null, "queued");

    private async Task InsertRowsAsync(string[] callIds)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        db.Interactions.AddRange(callIds.Select(id => new Interaction
        {
            CallId = id,
            Caller = "+8613800000001",
            Channel = "Voice",
            StartedAt = fixture.Clock.GetUtcNow(),
        }));
        await db.SaveChangesAsync();
    }

    private async Task<Dictionary<string, string?>> StoredPathsAsync(string[] callIds)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.Interactions.AsNoTracking().Where(i => callIds.Contains(i.CallId!)).ToDictionaryAsync(i => i.CallId!, i => i.IvrPath);
    }

    /// <summary>
    /// On PostgreSQL, how many transactions last wrote the rows (a row version's xmin); null on SQLite, which keeps
    /// no such trace.
    /// </summary>
    private async Task<int?> TransactionsThatWroteAsync(string[] callIds)
    {
        if (fixture.Provider != "Postgres")
        {
            return null;
        }

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.Database
            .SqlQuery<int>($"SELECT COUNT(DISTINCT xmin::text)::int AS \"Value\" FROM interactions WHERE \"CallId\" = ANY({callIds})")
            .SingleAsync();
    }
}

public sealed class SqliteIvrPathWriterTests(SqliteServerFixture fixture) : IvrPathWriterTests<SqliteServerFixture>(fixture);

public sealed class PostgresIvrPathWriterTests(PostgresServerFixture fixture) : IvrPathWriterTests<PostgresServerFixture>(fixture);
