using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Interactions;

/// <summary>
/// The one interaction writer against the migrated schema of each provider, read back through EF: every milestone
/// of a call (SIP outcome, IVR path, ACD snapshot) lands on one row in whatever order it arrives. Its gathering
/// runs on a manual clock the test watches, so a test knows when the writer is waiting.
/// </summary>
public abstract class InteractionWriterTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    // Only bounds a failing test; no step waits for time to pass.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>The node name the writers of these tests stamp on their rows.</summary>
    private const string Node = "writer-test-node";

    [Fact]
    public async Task CloseOpenCalls_FailedNode_EndsOnlyItsOpenCallsBegunBeforeTheCutOff_KeepingAnAgentsDisposition()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock, TimeSpan.Zero);
        var failed = "failed-" + Guid.NewGuid().ToString("N")[..8];
        var cutOff = clock.GetUtcNow();
        var (open, resolved, ended, later, otherNode) = (Id(), Id(), Id(), Id(), Id());
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            db.Interactions.AddRange(
                Row(open, failed, cutOff.AddMinutes(-5), null, null),
                Row(resolved, failed, cutOff.AddMinutes(-4), null, "Resolved"),
                Row(ended, failed, cutOff.AddMinutes(-9), cutOff.AddMinutes(-8), "Abandoned"),
                Row(later, failed, cutOff.AddSeconds(1), null, null),
                Row(otherNode, failed + "-other", cutOff.AddMinutes(-5), null, null));
            await db.SaveChangesAsync();
        }

        var sip = Id();
        Assert.True(writer.TryRecord(Sip(sip, cutOff, 0)));
        clock.Advance(TimeSpan.FromMinutes(1));
        var closed = await writer.CloseOpenCallsAsync(failed, cutOff, CancellationToken.None).WaitAsync(Bound);
        var rows = (await RowsAsync([open, resolved, ended, later, otherNode, sip])).ToDictionary(r => r.CallId!);

        Assert.Equal(2, closed);
        Assert.Equal((clock.GetUtcNow(), "NodeFailure"), (rows[open].EndedAt, rows[open].Disposition));
        Assert.Equal((clock.GetUtcNow(), "Resolved"), (rows[resolved].EndedAt, rows[resolved].Disposition));
        Assert.Equal((cutOff.AddMinutes(-8), "Abandoned"), (rows[ended].EndedAt, rows[ended].Disposition));
        Assert.Null(rows[later].EndedAt);
        Assert.Null(rows[otherNode].EndedAt);
        Assert.Equal(Node, rows[sip].Node);

        static string Id() => Guid.NewGuid().ToString("N");
        static Interaction Row(string callId, string node, DateTimeOffset startedAt, DateTimeOffset? endedAt, string? disposition) => new()
        {
            CallId = callId,
            Caller = "+8613800000001",
            Channel = "Voice",
            StartedAt = startedAt,
            EndedAt = endedAt,
            Disposition = disposition,
            Node = node,
        };
    }

    [Fact]
    public async Task WriteAsync_SipOutcomes_StoresOneRowPerCallWithItsSipFacts()
    {
        var callIds = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var startedAt = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);

        await WriteAsync([.. callIds.Select((id, i) => Sip(id, startedAt, i))]);

        var stored = await RowsAsync(callIds);
        Assert.Equal(3, stored.Count);
        var first = stored.Single(c => c.CallId == callIds[0]);
        Assert.Equal(("+8613800000001", "NetworkAsserted", "vip-desk", (int?)50, (int?)120), (first.CallerE164, first.IdentityConfidence, first.TargetQueue, first.Priority, first.DecisionMicroseconds));
        Assert.Equal(("10001", "routing-only", "PAssertedIdentity", (int?)302, "Maturity"), (first.AccessNumber, first.Mode, first.IdentitySource, first.StatusCode, first.LifecycleStage));
        Assert.Equal((startedAt, "sip", "redirected"), (first.StartedAt, first.Channel, first.Disposition));
        Assert.Null(stored.Single(c => c.CallId == callIds[1]).TargetQueue);
    }

    [Fact]
    public async Task WriteAsync_CallTheAcdAlreadyRecorded_JoinsItsRowAndMovesTheStartToTheInvite()
    {
        var callId = Guid.NewGuid().ToString("N");
        var invitedAt = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        db.Interactions.Add(new Interaction
        {
            CallId = callId,
            Caller = "+8613800000001",
            Channel = "Voice",
            StartedAt = invitedAt.AddSeconds(6),
            Agent = "agent1",
            Disposition = "Resolved",
        });
        await db.SaveChangesAsync();

        await WriteAsync([Sip(callId, invitedAt, 0)]);

        var row = Assert.Single(await RowsAsync([callId]));
        Assert.Equal(("agent1", "Resolved", invitedAt), (row.Agent, row.Disposition, row.StartedAt));
        Assert.Equal(("10001", (int?)302), (row.AccessNumber, row.StatusCode));
    }

    [Fact]
    public async Task WriterConnection_FailedBatch_IsRolledBackAndTheNextBatchIsWritten()
    {
        var lost = Guid.NewGuid().ToString("N");
        var kept = Guid.NewGuid().ToString("N");
        var startedAt = new DateTimeOffset(2026, 11, 2, 6, 30, 0, TimeSpan.Zero);
        await using var connection = new WriterConnection(Scopes);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.RunAsync(async batch =>
        {
            await InteractionStatements.WriteAsync(batch, Sip(lost, startedAt, 0), Node);
            throw new InvalidOperationException("the batch fails after its first row");
        }, CancellationToken.None));
        await connection.RunAsync(batch => InteractionStatements.WriteAsync(batch, Sip(kept, startedAt, 0), Node), CancellationToken.None);
        await connection.RunAsync(batch => InteractionStatements.WriteAsync(batch, Sip(kept, startedAt, 0), Node), CancellationToken.None);

        Assert.Equal("the batch fails after its first row", failure.Message);
        Assert.Equal(0, await CountAsync([lost]));
        Assert.Equal(1, await CountAsync([kept]));
    }

    [Fact]
    public async Task Writer_SipOutcomesArriving_GathersThemForTheFlushDelayThenWritesThemTogether()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock, TimeSpan.FromMilliseconds(100));
        var callIds = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var startedAt = clock.GetUtcNow();

        foreach (var (id, i) in callIds.Select((id, i) => (id, i)))
        {
            Assert.True(writer.TryRecord(Sip(id, startedAt, i)));
        }

        await clock.UntilTimerArmedAsync();
        var beforeDelay = await CountAsync(callIds);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var afterDelay = await WaitForCountAsync(callIds, 3);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(0, beforeDelay);
        Assert.Equal(3, afterDelay);
    }

    [Fact]
    public async Task Writer_StoppedWhileGathering_WritesWhatItHoldsBeforeTheHostStops()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock, TimeSpan.FromSeconds(10));
        var callIds = Enumerable.Range(0, 2).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var path = NewCallId();
        foreach (var (id, i) in callIds.Select((id, i) => (id, i)))
        {
            writer.TryRecord(Sip(id, clock.GetUtcNow(), i));
        }

        var pathWritten = writer.SubmitAsync(Path(path, "hung up in the menu"), CancellationToken.None);
        await clock.UntilTimerArmedAsync();

        await writer.StopAsync(CancellationToken.None).WaitAsync(Bound);
        var afterStop = await writer.SubmitAsync(Path(NewCallId(), "too late"), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(2, await CountAsync(callIds));
        Assert.True(await pathWritten.WaitAsync(Bound));
        Assert.False(afterStop);
        Assert.False(writer.TryRecord(Sip(Guid.NewGuid().ToString("N"), clock.GetUtcNow(), 0)));
    }

    [Fact]
    public async Task TryRecord_ChannelFull_RefusesAndCountsTheSipOutcomeWhileTheQueuedOneIsWritten()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = Writer(clock, TimeSpan.Zero, capacity: 1);
        var queued = Guid.NewGuid().ToString("N");
        var refused = Guid.NewGuid().ToString("N");

        var first = writer.TryRecord(Sip(queued, clock.GetUtcNow(), 0));
        var second = writer.TryRecord(Sip(refused, clock.GetUtcNow(), 0));
        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal((true, false, 1L), (first, second, writer.Dropped));
        Assert.Equal(1, await CountAsync([queued]));
        Assert.Equal(0, await CountAsync([refused]));
    }

    [Fact]
    public async Task SubmitAsync_PathBeforeAnyOtherMilestone_CreatesTheRowThatTheSipOutcomeAndTheAcdJoin()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock, TimeSpan.Zero);
        var callId = NewCallId();
        var path = Path(callId, "menu > billing > queue");
        var invitedAt = clock.GetUtcNow().AddSeconds(-30);

        var landed = await writer.SubmitAsync(path, CancellationToken.None).WaitAsync(Bound);
        var acd = Acd(callId, clock.GetUtcNow().AddSeconds(-20));
        await writer.SaveAsync(acd, r => r.Snapshot(), CancellationToken.None).WaitAsync(Bound);
        Assert.True(writer.TryRecord(Sip(callId, invitedAt, 0)));
        await writer.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.True(landed);
        var row = Assert.Single(await RowsAsync([callId]));
        Assert.Equal(JsonSerializer.Serialize(path, IvrJsonContext.Default.IvrPathRecord), row.IvrPath);
        Assert.Equal(("general", "agent1", "10001", (int?)302, invitedAt), (row.Queue, row.Agent, row.AccessNumber, row.StatusCode, row.StartedAt));
    }

    [Fact]
    public async Task SaveAsync_AcdStatesBeforeTheIvrPath_TheIvrPathReplacesThemInTheOneShape()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = await StartAsync(clock, TimeSpan.Zero);
        var callId = NewCallId();

        await writer.SaveAsync(Acd(callId, clock.GetUtcNow()), r => r.Snapshot(), CancellationToken.None).WaitAsync(Bound);
        var statesOnly = JsonSerializer.Deserialize(Assert.Single(await RowsAsync([callId])).IvrPath!, IvrJsonContext.Default.IvrPathRecord)!;
        await writer.SubmitAsync(Path(callId, "the IVR's own"), CancellationToken.None).WaitAsync(Bound);
        await writer.SaveAsync(Acd(callId, clock.GetUtcNow()), r => r.Snapshot(), CancellationToken.None).WaitAsync(Bound);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal((callId, "", "general"), (statesOnly.CallId, statesOnly.Flow, statesOnly.Queue));
        Assert.Equal(["welcome", "menu"], statesOnly.Steps.Select(s => s.State));
        var stored = JsonSerializer.Deserialize(Assert.Single(await RowsAsync([callId])).IvrPath!, IvrJsonContext.Default.IvrPathRecord)!;
        Assert.Equal(("main", "the IVR's own"), (stored.Flow, stored.Summary));
    }

    [Fact]
    public async Task SubmitAsync_ManyPathsTogether_EachRowGetsItsOwnPathInOneTransaction()
    {
        var clock = new WatchedTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        using var writer = Writer(clock, TimeSpan.Zero);
        var callIds = Enumerable.Range(0, 40).Select(_ => NewCallId()).ToArray();
        var written = callIds.Select((id, i) => writer.SubmitAsync(Path(id, $"caller {i} pressed {i % 10}"), CancellationToken.None)).ToArray();

        await writer.StartAsync(CancellationToken.None);
        var landed = await Task.WhenAll(written).WaitAsync(Bound);
        var transactions = await TransactionsThatWroteAsync(callIds);
        await writer.StopAsync(CancellationToken.None);

        Assert.All(landed, Assert.True);
        var stored = (await RowsAsync(callIds)).ToDictionary(r => r.CallId!, r => r.IvrPath);
        Assert.All(callIds.Select((id, i) => (id, i)), call =>
        {
            var path = JsonSerializer.Deserialize(stored[call.id]!, IvrJsonContext.Default.IvrPathRecord)!;
            Assert.Equal((call.id, $"caller {call.i} pressed {call.i % 10}"), (path.CallId, path.Summary));
        });
        Assert.True(transactions is null or 1, $"the paths were written in {transactions} transactions");
    }

    private IServiceScopeFactory Scopes => fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>();

    private InteractionWriter Writer(TimeProvider clock, TimeSpan flushDelay, int capacity = 100_000) => new(
        Scopes, Microsoft.Extensions.Options.Options.Create(new TelephonyOptions { RecordFlushDelay = flushDelay, RecordQueueCapacity = capacity }),
        Microsoft.Extensions.Options.Options.Create(new Server.Cluster.ClusterOptions { NodeName = Node }), clock, NullLogger<InteractionWriter>.Instance);

    private async Task<InteractionWriter> StartAsync(TimeProvider clock, TimeSpan flushDelay)
    {
        var writer = Writer(clock, flushDelay);
        await writer.StartAsync(CancellationToken.None);
        return writer;
    }

    private static string NewCallId() => $"{Guid.NewGuid():N}@ivr";

    private static IvrPathRecord Path(string callId, string summary) => new(
        callId, "10001", "main", "3", "+8613800000001", summary, "12",
        [new IvrPathStep("Host", "welcome", "known customer"), new IvrPathStep("Digit", "menu", "1")],
        "general", 10, "billing question", null, "queued");

    private static CallRecord Acd(string callId, DateTimeOffset queuedAt)
    {
        var caller = new CallerIdentityInfo("+8613800000001", "+8613800000001", "NetworkAsserted");
        var record = new CallRecord
        {
            Call = new Call(new CallId(callId), null, caller.ToIdentity(), null),
            Handoff = new CallHandoff
            {
                CallId = new CallId(callId),
                Caller = caller,
                Queue = "general",
                IvrPath = ["welcome", "menu"],
                IvrDigits = "1",
            },
            Pop = null!,
            CustomerId = null,
            Tier = null,
            QueuedAt = queuedAt,
            Agent = "agent1",
            AnsweredAt = queuedAt.AddSeconds(5),
        };
        return record;
    }

    private static SipOutcome Sip(string callId, DateTimeOffset startedAt, int index) => new(
        callId, "+8613800000001", "sip", startedAt, startedAt.AddMilliseconds(2), null, index == 1 ? "forbidden" : "redirected",
        "10001", "routing-only", "+8613800000001", "+8613800000001", "NetworkAsserted", "PAssertedIdentity", index == 1 ? 403 : 302,
        index == 1 ? null : "vip-desk", null, index == 1 ? null : "Platinum", index == 1 ? null : "Maturity", index == 1 ? null : 50,
        "Platinum: top 1% by 12-month revenue; +50 priority", index == 1 ? null : 120);

    private async Task WriteAsync(IReadOnlyList<SipOutcome> outcomes)
    {
        await using var connection = new WriterConnection(Scopes);
        await connection.RunAsync(
            async batch =>
            {
                foreach (var outcome in outcomes)
                {
                    await InteractionStatements.WriteAsync(batch, outcome, Node);
                }
            },
            CancellationToken.None);
    }

    private async Task<List<Interaction>> RowsAsync(string[] callIds)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.Interactions.AsNoTracking().Where(i => callIds.Contains(i.CallId!)).ToListAsync();
    }

    private async Task<int> CountAsync(string[] callIds) => (await RowsAsync(callIds)).Count;

    private async Task<int> WaitForCountAsync(string[] callIds, int expected)
    {
        // Waits for the writer's background write to land, not for time to pass: bounded so a failure ends.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var count = await CountAsync(callIds);
        while (count < expected && !deadline.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
            count = await CountAsync(callIds);
        }

        return count;
    }

    /// <summary>
    /// On PostgreSQL, how many transactions last wrote the rows (a row version's xmin); null elsewhere, which keeps
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

public sealed class SqliteInteractionWriterTests(SqliteServerFixture fixture) : InteractionWriterTests<SqliteServerFixture>(fixture);

public sealed class PostgresInteractionWriterTests(PostgresServerFixture fixture) : InteractionWriterTests<PostgresServerFixture>(fixture);
