using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// The service's model. The host uses this type; each provider's migrations belong to a sealed subclass with the
/// same model (<see cref="SchemaContexts"/>), so the three migration sets live side by side in this assembly.
/// </summary>
internal class ContactCenterDbContext : IdentityDbContext<IdentityUser>
{
    public ContactCenterDbContext(DbContextOptions<ContactCenterDbContext> options)
        : base(options)
    {
    }

    protected ContactCenterDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<GroupAccount> GroupAccounts => Set<GroupAccount>();

    public DbSet<AccountManager> AccountManagers => Set<AccountManager>();

    public DbSet<MonthlyBill> MonthlyBills => Set<MonthlyBill>();

    public DbSet<MonthlyUsage> MonthlyUsage => Set<MonthlyUsage>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProfileSnapshot> CustomerProfiles => Set<ProfileSnapshot>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    public DbSet<OfferOutcome> OfferOutcomes => Set<OfferOutcome>();

    public DbSet<Interaction> Interactions => Set<Interaction>();

    public DbSet<SipCredential> SipCredentials => Set<SipCredential>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ContactCenterDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order TEXT-encoded offsets or decimals in SQL, so there we store instants as
        // UTC ticks and money as minor units; PostgreSQL keeps timestamptz and numeric, SQL Server datetimeoffset
        // and decimal with two places (money in yuan and fen).
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<decimal>().HaveConversion<MinorUnitsConverter>();
        }
        else if (Database.IsSqlServer())
        {
            configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        }
    }
}
