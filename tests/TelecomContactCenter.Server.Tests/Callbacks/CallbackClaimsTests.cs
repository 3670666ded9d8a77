using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Callbacks;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Ivr.Callbacks;

namespace TelecomContactCenter.Server.Tests.Callbacks;

/// <summary>Which callbacks the dialler claims, and what a failed dial does to them, on a manual clock and a real SQLite file.</summary>
public sealed class CallbackClaimsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 9, 1, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tcc-claims-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Nine);
    private readonly CallbackOptions _options = new() { RetryDelay = TimeSpan.FromMinutes(15), MaxAttempts = 2 };
    private ServiceProvider _services = null!;
    private CallbackClaims _claims = null!;
    private CallbackBook _book = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddScoped(_ => new ContactCenterDbContext(new DbContextOptionsBuilder<ContactCenterDbContext>().UseSqlite($"Data Source={_path}").Options))
            .BuildServiceProvider();
        await DatabaseSchema.MigrateAsync(DatabaseProvider.Sqlite, b => b.UseSqlite($"Data Source={_path}"), _clock,
            NullLogger.Instance, CancellationToken.None);

        var scopes = _services.GetRequiredService<IServiceScopeFactory>();
        _claims = new CallbackClaims(scopes, _clock, Options.Create(_options));
        _book = new CallbackBook(scopes, _clock);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task ClaimDueAsync_DueAndNotYetDue_ClaimsOnlyTheDueOnesOnceAndTheRestWhenTheirTimeComes()
    {
        var later = await BookAsync("later", Nine.AddHours(1), priority: 100);
        var low = await BookAsync("low", Nine.AddMinutes(-5), priority: 0);
        var high = await BookAsync("high", Nine.AddMinutes(-5), priority: 100);

        var first = await _claims.ClaimDueAsync(CancellationToken.None);
        var again = await _claims.ClaimDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var whenDue = await _claims.ClaimDueAsync(CancellationToken.None);

        Assert.Equal([high.Id, low.Id], first.Select(c => c.Id));
        Assert.Empty(again);
        Assert.Equal([later.Id], whenDue.Select(c => c.Id));
        Assert.All(await RowsAsync(), c => Assert.Equal(CallbackStatus.Dialling, c.Status));
    }

    [Fact]
    public async Task ClaimDueAsync_DoneCallback_IsNeverClaimed()
    {
        var done = await BookAsync("done", Nine.AddMinutes(-5), priority: 0);
        await using (var scope = _services.CreateAsyncScope())
        {
            await _book.CompleteAsync(scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>(), done.Id, "agent2", CancellationToken.None);
        }

        var claimed = await _claims.ClaimDueAsync(CancellationToken.None);

        Assert.Empty(claimed);
    }

    [Fact]
    public async Task RetryAsync_UntilMaxAttempts_PendingAgainAfterRetryDelayThenFailed()
    {
        var booked = await BookAsync("busy", Nine, priority: 0);
        await _claims.ClaimDueAsync(CancellationToken.None);

        var first = await _claims.RetryAsync(booked.Id, CancellationToken.None);
        var tooEarly = await _claims.ClaimDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(15));
        var reclaimed = await _claims.ClaimDueAsync(CancellationToken.None);
        var second = await _claims.RetryAsync(booked.Id, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var afterGivingUp = await _claims.ClaimDueAsync(CancellationToken.None);

        Assert.Equal(new CallbackRetry(CallbackStatus.Pending, 1, Nine.AddMinutes(15)), first);
        Assert.Empty(tooEarly);
        Assert.Equal([booked.Id], reclaimed.Select(c => c.Id));
        Assert.Equal(CallbackStatus.Failed, second?.Status);
        Assert.Equal(2, second?.Attempts);
        Assert.Empty(afterGivingUp);
        Assert.Equal((CallbackStatus.Failed, 2), (await RowsAsync()).Select(c => (c.Status, c.Attempts)).Single());
    }

    [Fact]
    public async Task RetryAsync_CallbackNotBeingDialled_ChangesNothing()
    {
        var booked = await BookAsync("pending", Nine.AddHours(2), priority: 0);

        var retry = await _claims.RetryAsync(booked.Id, CancellationToken.None);

        Assert.Null(retry);
        Assert.Equal((CallbackStatus.Pending, 0, Nine.AddHours(2)), (await RowsAsync()).Select(c => (c.Status, c.Attempts, c.DueAt)).Single());
    }

    [Fact]
    public async Task CompleteAsync_ClaimedCallback_DoneByTheAgentOnce()
    {
        var booked = await BookAsync("answered", Nine, priority: 0);
        await _claims.ClaimDueAsync(CancellationToken.None);

        var first = await _claims.CompleteAsync(booked.Id, "agent1", CancellationToken.None);
        var second = await _claims.CompleteAsync(booked.Id, "agent2", CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal((CallbackStatus.Done, "agent1", Nine), (await RowsAsync()).Select(c => (c.Status, c.CompletedBy, c.CompletedAt)).Single());
    }

    [Fact]
    public async Task ReleaseStuckAsync_DiallingWhenTheServiceStopped_PendingAgainAndClaimable()
    {
        var booked = await BookAsync("interrupted", Nine, priority: 0);
        await _claims.ClaimDueAsync(CancellationToken.None);

        var released = await _claims.ReleaseStuckAsync(CancellationToken.None);
        var reclaimed = await _claims.ClaimDueAsync(CancellationToken.None);

        Assert.Equal(1, released);
        Assert.Equal([booked.Id], reclaimed.Select(c => c.Id));
    }

    private Task<CallbackRequest> BookAsync(string callId, DateTimeOffset dueAt, int priority) => _book.BookAsync(new CallbackRequest
    {
        CallId = callId,
        CallerNumber = "+8613800000004",
        Tier = "Standard",
        Priority = priority,
        Queue = "general",
        Flow = "main",
        RequestedAt = Nine.AddHours(-10),
        DueAt = dueAt,
        Status = CallbackStatus.Pending,
    }, CancellationToken.None);

    private async Task<List<CallbackRequest>> RowsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Set<CallbackRequest>().AsNoTracking().ToListAsync();
    }
}
