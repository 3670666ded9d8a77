using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>
/// The persisted result of the last profile evaluation. It doubles as the read model of the customer 360: the
/// hot path reads this one row by phone and only touches the complaints table when <see cref="OpenComplaintCount"/>
/// says there is something to show.
/// </summary>
internal sealed class ProfileSnapshot
{
    public required long CustomerId { get; set; }

    public required string Phone { get; set; }

    public required string Stage { get; set; }

    /// <summary>Reason codes, comma-separated, in the order the rules fired.</summary>
    public required string StageReasons { get; set; }

    /// <summary>Core's StageHistory as JSON: hysteresis (leaving Decline) needs more than the current stage.</summary>
    public required string StageHistory { get; set; }

    public required string Tier { get; set; }

    public required string TierReason { get; set; }

    /// <summary>Core's TierHistory as JSON: months below the cut, so demotion waits for two evaluations.</summary>
    public required string TierHistory { get; set; }

    public required int ChurnScore { get; set; }

    public required string ChurnBand { get; set; }

    public required decimal Clv { get; set; }

    public required int OpenComplaintCount { get; set; }

    /// <summary>The static part of the customer 360 (names, products, ARPU trend, offers) as JSON.</summary>
    public required string View { get; set; }

    public required DateTimeOffset EvaluatedAt { get; set; }
}

internal sealed class ProfileSnapshotConfiguration : IEntityTypeConfiguration<ProfileSnapshot>
{
    public void Configure(EntityTypeBuilder<ProfileSnapshot> builder)
    {
        builder.ToTable("customer_profiles");
        builder.HasKey(p => p.CustomerId);
        builder.Property(p => p.CustomerId).ValueGeneratedNever();
        builder.Property(p => p.Phone).HasMaxLength(20);
        builder.HasIndex(p => p.Phone).IsUnique();
        builder.Property(p => p.Stage).HasMaxLength(16);
        builder.Property(p => p.StageReasons).HasMaxLength(400);
        builder.Property(p => p.Tier).HasMaxLength(16);
        builder.Property(p => p.TierReason).HasMaxLength(200);
        builder.Property(p => p.ChurnBand).HasMaxLength(8);
        builder.Property(p => p.Clv).HasPrecision(12, 2);
        builder.HasIndex(p => p.Tier);
        builder.HasOne<Customers.Customer>().WithOne().HasForeignKey<ProfileSnapshot>(p => p.CustomerId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
