using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>Turns a <see cref="CustomerPlan"/> into 14 months of bills and usage, products and contacts.</summary>
internal sealed class DemoHistory(Random random, DateTimeOffset now)
{
    public const int HistoryMonths = 14;

    private static readonly ProductCatalogue Catalogue = ProductCatalogue.LoadEmbedded();

    private readonly DateOnly _thisMonth = new(now.Year, now.Month, 1);

    /// <summary>The catalogue plan a customer with this bill would be on: the dearest of the family within 70% of it.</summary>
    public static CatalogueProduct PlanFor(decimal arpu, bool prepaid)
    {
        var plans = Catalogue.PlansOf(prepaid ? "prepaid" : "postpaid");
        return plans.LastOrDefault(p => p.MonthlyFee <= arpu * 0.7m) ?? plans[0];
    }

    public DemoCustomer Build(long id, string phone, string name, string? gender, CustomerPlan plan)
    {
        var mobile = PlanFor(plan.Arpu, plan.IsPrepaid);

        // Share of the plan's allowances used: rising customers go over it, some long-standing ones use little.
        var usageShare = plan.Archetype switch
        {
            DemoArchetype.GrowthRising => 1.3 + (random.NextDouble() * 0.7),
            DemoArchetype.Maturity when random.NextDouble() < 0.25 => 0.15 + (random.NextDouble() * 0.2),
            _ => 0.4 + (random.NextDouble() * 0.5),
        };
        var activatedAt = now.AddMonths(-plan.TenureMonths).AddDays(-random.Next(1, 20));
        DateTimeOffset? exitedAt = plan.Archetype == DemoArchetype.Churned
            ? now.AddMonths(-plan.ExitMonthsAgo).AddDays(-random.Next(1, 20))
            : null;
        var customer = new Customer
        {
            Id = id,
            Phone = phone,
            Name = name,
            Gender = gender,
            Status = plan.DeregisteredForArrears ? AccountStatus.Deregistered : StatusFor(plan.Archetype),
            IsPrepaid = plan.IsPrepaid,
            ActivatedAt = activatedAt,
            ExitedAt = exitedAt,
            ArrearsDays = plan.Archetype == DemoArchetype.DeclineArrears ? random.Next(35, 75)
                : plan.DeregisteredForArrears ? random.Next(90, 180) : 0,
            LastChargeableEventAt = exitedAt ?? now.AddDays(plan.Archetype == DemoArchetype.DeclineInactive
                ? -random.Next(35, 80)
                : -random.Next(0, 6)),
            CommitmentEndsAt = plan.HasCommitment ? now.AddDays(plan.CommitmentEndsSoon ? random.Next(10, 60) : random.Next(90, 700)) : null,
            GroupAccountId = plan.GroupAccountId,
            KeyContactRole = plan.KeyContactRole,
            AccountManagerId = plan.AccountManagerId,
        };

        var bills = new List<MonthlyBill>(HistoryMonths);
        var usage = new List<MonthlyUsage>(HistoryMonths);
        var firstMonth = new DateOnly(activatedAt.Year, activatedAt.Month, 1);
        for (var monthsAgo = HistoryMonths; monthsAgo >= 1; monthsAgo--)
        {
            var month = _thisMonth.AddMonths(-monthsAgo);
            if (month < firstMonth || (exitedAt is { } exit && month >= new DateOnly(exit.Year, exit.Month, 1)))
            {
                continue;
            }

            var factor = Trend(plan.Archetype, monthsAgo) * (decimal)(0.96 + (random.NextDouble() * 0.08));
            var amount = decimal.Round(plan.Arpu * factor, 2);
            bills.Add(new MonthlyBill
            {
                CustomerId = id,
                Month = month,
                Amount = amount,
                CostToServe = decimal.Round(amount * (plan.Unprofitable ? 1.15m : 0.35m), 2),
            });
            var used = usageShare * (double)(plan.Archetype == DemoArchetype.GrowthRising && monthsAgo > 3 ? 0.8m : factor);
            usage.Add(new MonthlyUsage
            {
                CustomerId = id,
                Month = month,
                VoiceMinutes = (int)(mobile.VoiceMinutes * used),
                DataMegabytes = (int)(mobile.DataGb * 1024 * used),
            });
        }

        return new DemoCustomer(customer, bills, usage, Products(id, plan, mobile, activatedAt, exitedAt), Contacts(id, phone, plan));
    }

    private static AccountStatus StatusFor(DemoArchetype archetype) => archetype switch
    {
        DemoArchetype.DeclineArrears => AccountStatus.SuspendedForArrears,
        DemoArchetype.Churned => AccountStatus.PortedOut,
        _ => AccountStatus.Active,
    };

    /// <summary>Revenue and usage multiplier by how many months ago the bill closed.</summary>
    private static decimal Trend(DemoArchetype archetype, int monthsAgo) => archetype switch
    {
        DemoArchetype.DeclineFalling when monthsAgo <= 3 => 0.55m,
        DemoArchetype.GrowthRising when monthsAgo <= 3 => 1.3m,
        _ => 1m,
    };

    private List<Product> Products(long id, CustomerPlan plan, CatalogueProduct mobile, DateTimeOffset activatedAt, DateTimeOffset? exitedAt)
    {
        var products = new List<Product>
        {
            new()
            {
                CustomerId = id, Kind = ProductKind.Mobile, Name = mobile.NameIn(OfferLocales.English),
                MonthlyFee = mobile.MonthlyFee, AddedAt = activatedAt, RemovedAt = exitedAt,
            },
        };
        ProductKind[] extras = [ProductKind.Broadband, ProductKind.Vas, ProductKind.Fixed];
        for (var i = 0; i < plan.ExtraProducts; i++)
        {
            // A rising customer added the newest product within the last 90 days.
            var addedAt = plan.Archetype == DemoArchetype.GrowthRising && i == 0
                ? now.AddDays(-random.Next(10, 80))
                : activatedAt.AddDays(random.Next(0, 30));
            products.Add(new Product
            {
                CustomerId = id,
                Kind = extras[i],
                Name = ProductName(extras[i]),
                MonthlyFee = Catalogue.Find(ProductName(extras[i]))?.MonthlyFee ?? decimal.Round(plan.Arpu * 0.15m, 2),
                AddedAt = addedAt,
                RemovedAt = exitedAt,
            });
        }

        return products;
    }

    private static string ProductName(ProductKind kind) => kind switch
    {
        ProductKind.Broadband => "Home Broadband 300M",
        ProductKind.Vas => "Caller Display + Voicemail",
        ProductKind.Fixed => "Fixed Line",
        _ => kind.ToString(),
    };

    private List<Interaction> Contacts(long id, string phone, CustomerPlan plan)
    {
        var contacts = new List<Interaction>();
        if (plan.Archetype == DemoArchetype.DeclinePortOutIntent)
        {
            contacts.Add(new Interaction
            {
                CustomerId = id,
                Caller = phone,
                Channel = "Voice",
                StartedAt = now.AddDays(-random.Next(2, 25)),
                ReasonCode = ContactReasons.PortOut,
                Disposition = "InfoGiven",
            });
        }

        return contacts;
    }
}
