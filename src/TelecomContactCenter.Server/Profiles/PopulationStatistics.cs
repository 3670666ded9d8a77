using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>Population-wide inputs of tiering: percentile cut-offs and each group account's tier.</summary>
internal sealed record PopulationStatistics(
    TierCutoffs Cutoffs,
    IReadOnlyDictionary<long, GroupTier> GroupTiers,
    IReadOnlyDictionary<long, GroupAccount> Groups,
    IReadOnlyDictionary<long, AccountManager> AccountManagers)
{
    /// <summary>
    /// One aggregate query over the last 12 closed bills. Cut-offs come from customers still in the network
    /// (churned customers' partial revenue would drag the percentiles down); group revenue sums all member lines.
    /// </summary>
    public static async Task<PopulationStatistics> ComputeAsync(
        ContactCenterDbContext db, DateTimeOffset now, TieringOptions options, CancellationToken cancellationToken)
    {
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var sqlite = db.Database.IsSqlite();
        var individual = new List<decimal>();
        var groupRevenue = new Dictionary<long, decimal>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT c.\"GroupAccountId\", c.\"Status\", COALESCE(SUM(b.\"Amount\"), 0) FROM customers c " +
                "LEFT JOIN monthly_bills b ON b.\"CustomerId\" = c.\"Id\" AND b.\"Month\" >= @from AND b.\"Month\" < @to " +
                "GROUP BY c.\"Id\", c.\"GroupAccountId\", c.\"Status\";";
            AddParameter(command, "@from", sqlite ? thisMonth.AddMonths(-12).ToString("yyyy-MM-dd") : thisMonth.AddMonths(-12));
            AddParameter(command, "@to", sqlite ? thisMonth.ToString("yyyy-MM-dd") : thisMonth);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var revenue = sqlite ? reader.GetInt64(2) / 100m : reader.GetDecimal(2);
                var status = Enum.Parse<AccountStatus>(reader.GetString(1));
                if (status is AccountStatus.Active or AccountStatus.SuspendedForArrears)
                {
                    individual.Add(revenue);
                }

                if (!reader.IsDBNull(0))
                {
                    var group = reader.GetInt64(0);
                    groupRevenue[group] = groupRevenue.GetValueOrDefault(group) + revenue;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var groups = await db.GroupAccounts.AsNoTracking().ToListAsync(cancellationToken);
        var groupEvaluator = new GroupTierEvaluator(groupRevenue.Values, options);
        var groupTiers = groups.ToDictionary(
            g => g.Id,
            g => groupEvaluator.Evaluate(new GroupAccountFacts(
                g.Id.ToString(), groupRevenue.GetValueOrDefault(g.Id), g.IsSme, g.IsStrategic, false)).Tier);
        var managers = await db.AccountManagers.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        return new PopulationStatistics(
            TierCutoffs.FromRevenues(individual, options), groupTiers, groups.ToDictionary(g => g.Id), managers);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>
/// The statistics of the last full evaluation, reused when one customer is re-evaluated between runs.
/// Thread-safe: the reference is swapped atomically and the statistics themselves are immutable.
/// </summary>
internal sealed class PopulationStatisticsCache
{
    private PopulationStatistics? _current;

    public PopulationStatistics? Current => Volatile.Read(ref _current);

    public void Set(PopulationStatistics statistics) => Volatile.Write(ref _current, statistics);
}
