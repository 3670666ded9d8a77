using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Offers;

internal enum OfferOutcomeKind
{
    Presented,
    Accepted,
    Declined,
    Deferred,
}

/// <summary>What happened to one offer on one contact; feeds take-up and save-rate reporting per script version.</summary>
internal sealed class OfferOutcome
{
    public long Id { get; set; }

    public required long CustomerId { get; set; }

    public required string OfferId { get; set; }

    public required string ScriptVersion { get; set; }

    public required OfferOutcomeKind Outcome { get; set; }

    public required string Agent { get; set; }

    public required DateTimeOffset RecordedAt { get; set; }
}

internal sealed class OfferOutcomeConfiguration : IEntityTypeConfiguration<OfferOutcome>
{
    public void Configure(EntityTypeBuilder<OfferOutcome> builder)
    {
        builder.ToTable("offer_outcomes");
        builder.HasIndex(o => o.CustomerId);
        builder.Property(o => o.OfferId).HasMaxLength(16);
        builder.Property(o => o.ScriptVersion).HasMaxLength(32);
        builder.Property(o => o.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Agent).HasMaxLength(64);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
