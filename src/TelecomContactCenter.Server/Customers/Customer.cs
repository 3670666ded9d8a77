using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Server.Customers;

internal sealed class Customer
{
    public long Id { get; set; }

    /// <summary>E.164, e.g. +8613800000001; unique.</summary>
    public required string Phone { get; set; }

    public required string Name { get; set; }

    /// <summary>Male or Female when on file, for the salutation (张先生 / 张女士); null otherwise.</summary>
    public string? Gender { get; set; }

    public required AccountStatus Status { get; set; }

    public required bool IsPrepaid { get; set; }

    public required DateTimeOffset ActivatedAt { get; set; }

    /// <summary>When the customer left (terminated, ported out, deregistered); null while in the network.</summary>
    public DateTimeOffset? ExitedAt { get; set; }

    public required int ArrearsDays { get; set; }

    public required DateTimeOffset LastChargeableEventAt { get; set; }

    public DateTimeOffset? CommitmentEndsAt { get; set; }

    public bool CommitmentRenewed { get; set; }

    public long? GroupAccountId { get; set; }

    /// <summary>CUTE role on a group account (Coach, User, TechnicalBuyer, EconomicBuyer, Administrator).</summary>
    public string? KeyContactRole { get; set; }

    public long? AccountManagerId { get; set; }

    public string? TierOverride { get; set; }

    public string? TierOverrideReason { get; set; }

    public DateTimeOffset? TierOverrideExpiresAt { get; set; }

    public string? TierOverrideBy { get; set; }

    public GroupAccount? GroupAccount { get; set; }

    public AccountManager? AccountManager { get; set; }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.Property(c => c.Phone).HasMaxLength(20);
        builder.HasIndex(c => c.Phone).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(120);
        builder.Property(c => c.Gender).HasMaxLength(8);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.KeyContactRole).HasMaxLength(24);
        builder.Property(c => c.TierOverride).HasMaxLength(16);
        builder.Property(c => c.TierOverrideReason).HasMaxLength(200);
        builder.Property(c => c.TierOverrideBy).HasMaxLength(64);
        builder.HasOne(c => c.GroupAccount).WithMany().HasForeignKey(c => c.GroupAccountId);
        builder.HasOne(c => c.AccountManager).WithMany().HasForeignKey(c => c.AccountManagerId);
    }
}
