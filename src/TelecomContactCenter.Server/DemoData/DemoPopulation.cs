using TelecomContactCenter.Server.Customers;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>
/// Deterministic demo population: the same seed, size and month always give the same customers. Archetype shares
/// aim at plausible stage shares (about 57% Maturity, 20% Growth, 10% Decline, 8% Acquisition, 5% Churned, two
/// in five of the leavers deregistered for arrears); monthly ARPU is log-normal (median ¥50, σ 1.7) so the top 20%
/// bring about 80% of the revenue; about one commitment in seven ends within 60 days.
/// Not thread-safe: one instance per generation run.
/// </summary>
internal sealed class DemoPopulation
{
    private static readonly (DemoArchetype Archetype, double Share)[] Shares =
    [
        (DemoArchetype.Churned, 0.05), (DemoArchetype.Acquisition, 0.08), (DemoArchetype.DeclinePortOutIntent, 0.02),
        (DemoArchetype.DeclineArrears, 0.03), (DemoArchetype.DeclineInactive, 0.02), (DemoArchetype.DeclineFalling, 0.03),
        (DemoArchetype.GrowthYoung, 0.15), (DemoArchetype.GrowthRising, 0.05), (DemoArchetype.Maturity, 0.57),
    ];

    private static readonly string[] KeyContactRoles = ["EconomicBuyer", "TechnicalBuyer", "Coach", "User", "AccountAdministrator"];

    private readonly Random _random;
    private readonly DemoHistory _history;

    public DemoPopulation(int seed, int customerCount, DateTimeOffset now)
    {
        _random = new Random(seed);
        _history = new DemoHistory(_random, now);
        Groups = Enumerable.Range(1, Math.Max(5, customerCount / 100)).Select(i => new GroupAccount
        {
            Id = i,
            Name = DemoNames.Company(i),
            IsStrategic = i % 50 == 1,
            IsSme = i % 2 == 0,
            AgreementEndsAt = now.AddDays(30 + (i * 37 % 700)),
        }).ToList();
        AccountManagers = Enumerable.Range(1, Math.Max(5, customerCount / 1000)).Select(i => new AccountManager
        {
            Id = i,
            Name = DemoNames.Person(i * 7919).Name,
            Phone = $"+8610{60000000 + i:D8}",
            Email = $"am{i}@operator.example",
            UserName = i == 1 ? FixedCustomers.PlatinumAccountManager : null,
        }).ToList();
    }

    public IReadOnlyList<GroupAccount> Groups { get; }

    public IReadOnlyList<AccountManager> AccountManagers { get; }

    /// <summary>Customers with ids 1..count and phones +86139NNNNNNNN.</summary>
    public IEnumerable<DemoCustomer> Generate(int count)
    {
        for (var id = 1; id <= count; id++)
        {
            var (name, gender) = DemoNames.Person(id);
            yield return Build(id, $"+86139{id:D8}", name, gender, NextPlan());
        }
    }

    public DemoCustomer Build(long id, string phone, string name, string? gender, CustomerPlan plan) =>
        _history.Build(id, phone, name, gender, plan);

    /// <summary>The monthly bill the generated bills bend towards and never reach (yuan).</summary>
    private const double BillCeiling = 2_500;

    private CustomerPlan NextPlan()
    {
        var archetype = PickArchetype();
        // Log-normal (median ¥40, σ 2.0) so the top 20% of customers bring about 80% of the revenue, as the tiering
        // story assumes, bent under a ceiling: a retail bill is plan + add-ons + usage, so even the top 1% pay about
        // ¥1,450–2,500 a month (Max 599, broadband, roaming), not tens of thousands.
        var raw = 40 * Math.Exp(2.0 * NextGaussian());
        var arpu = decimal.Round((decimal)(raw / (1 + (raw / BillCeiling))), 2);
        var tenure = archetype switch
        {
            DemoArchetype.Acquisition => _random.Next(0, 3),
            DemoArchetype.GrowthYoung => _random.Next(3, 12),
            DemoArchetype.Churned or DemoArchetype.GrowthRising => _random.Next(12, 72),
            _ => _random.Next(12, 121),
        };
        var inGroup = _random.NextDouble() < 0.08;
        var keyRole = inGroup && _random.NextDouble() < 0.15 ? KeyContactRoles[_random.Next(KeyContactRoles.Length)] : null;
        var prepaid = !inGroup && archetype is not (DemoArchetype.DeclineInactive or DemoArchetype.DeclineArrears)
            && _random.NextDouble() < 0.35;
        return new CustomerPlan(archetype, tenure, Math.Max(8m, arpu), prepaid)
        {
            ExitMonthsAgo = archetype == DemoArchetype.Churned ? _random.Next(1, 12) : 0,
            GroupAccountId = inGroup ? Groups[_random.Next(Groups.Count)].Id : null,
            KeyContactRole = inGroup ? keyRole ?? "Employee" : null,
            AccountManagerId = arpu >= 600 || keyRole is not null ? AccountManagers[_random.Next(AccountManagers.Count)].Id : null,
            ExtraProducts = _random.NextDouble() switch { < 0.55 => 0, < 0.85 => 1, < 0.95 => 2, _ => 3 },
            Unprofitable = _random.NextDouble() < 0.03,
            HasCommitment = !prepaid && _random.NextDouble() < 0.4,
            CommitmentEndsSoon = _random.NextDouble() < 0.15,
            DeregisteredForArrears = archetype == DemoArchetype.Churned && _random.NextDouble() < 0.4,
        };
    }

    private DemoArchetype PickArchetype()
    {
        var roll = _random.NextDouble();
        foreach (var (archetype, share) in Shares)
        {
            if (roll < share)
            {
                return archetype;
            }

            roll -= share;
        }

        return DemoArchetype.Maturity;
    }

    private double NextGaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
