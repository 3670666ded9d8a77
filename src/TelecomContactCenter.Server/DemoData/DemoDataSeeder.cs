using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>Fills an empty database with the demo users and the generated population (demo mode only).</summary>
internal sealed partial class DemoDataSeeder(
    ContactCenterDbContext db,
    UserManager<IdentityUser> users,
    RoleManager<IdentityRole> roles,
    SipCredentialStore sipCredentials,
    BenchAgentSeeder benchAgents,
    DemoDataClock clock,
    IOptions<DemoDataOptions> options,
    TimeProvider timeProvider,
    ILogger<DemoDataSeeder> logger)
{
    public static readonly IReadOnlyList<(string UserName, string Role)> DemoUsers =
    [
        ("agent1", Roles.Agent), ("agent2", Roles.Agent), ("agent3", Roles.Agent), ("agent4", Roles.Agent),
        ("agent5", Roles.Agent), ("supervisor1", Roles.Supervisor), ("admin", Roles.Admin),
    ];

    private const int BatchSize = 5_000;

    /// <summary>Returns true when it generated customers (so the caller evaluates profiles next).</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        await SeedUsersAsync(cancellationToken);
        if (await db.Customers.AnyAsync(cancellationToken))
        {
            await clock.RebaseAsync(cancellationToken);
            return false;
        }

        await SeedPopulationAsync(options.Value.CustomerCount, options.Value.Seed, cancellationToken);
        await clock.MarkGeneratedAsync(timeProvider.GetUtcNow(), cancellationToken);
        return true;
    }

    public async Task SeedUsersAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }

        foreach (var (userName, role) in DemoUsers)
        {
            if (await users.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var user = new IdentityUser(userName) { Email = $"{userName}@contactcenter.example", EmailConfirmed = true };
            Check(await users.CreateAsync(user, options.Value.Password), userName);
            Check(await users.AddToRoleAsync(user, role), userName);
            if (role == Roles.Agent)
            {
                await sipCredentials.SetPasswordAsync(userName, options.Value.Password, cancellationToken);
            }
        }

        await benchAgents.SeedAsync(cancellationToken);
    }

    public async Task SeedPopulationAsync(int customerCount, int seed, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var population = new DemoPopulation(seed, customerCount, now);
        var writer = BulkWriter.For(db);
        var revenues = new List<decimal>(customerCount);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await DemoRows.WriteReferenceDataAsync(db, writer, population, cancellationToken);
            var started = timeProvider.GetTimestamp();
            foreach (var batch in population.Generate(customerCount).Chunk(BatchSize))
            {
                revenues.AddRange(batch.Select(c => c.Revenue12Months));
                await DemoRows.WriteBatchAsync(db, writer, batch, cancellationToken);
                var elapsed = timeProvider.GetElapsedTime(started);
                LogProgress(logger, revenues.Count, customerCount, Math.Round(elapsed.TotalSeconds * (customerCount - revenues.Count) / revenues.Count));
            }

            var fixedCustomers = FixedCustomers.Build(population, revenues, customerCount + 1, now).ToList();
            await DemoRows.WriteBatchAsync(db, writer, fixedCustomers, cancellationToken);
            await DemoRows.ResetCustomerIdentityAsync(db, writer, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        LogSeeded(logger, customerCount + 6, seed);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Demo data: creating {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo data (first start): generated {Done} of {Total} customers, about {SecondsLeft} s left for this step")]
    private static partial void LogProgress(ILogger logger, int done, int total, double secondsLeft);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: generated {Count} customers with seed {Seed}")]
    private static partial void LogSeeded(ILogger logger, int count, int seed);
}
