using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Interactions;

/// <summary>
/// One contact with a customer (a call today; other channels later). The call orchestration fills the details;
/// the profile evaluation reads <see cref="ReasonCode"/> for port-out intent.
/// </summary>
internal sealed class Interaction
{
    public long Id { get; set; }

    public long? CustomerId { get; set; }

    public required string Caller { get; set; }

    public required string Channel { get; set; }

    public required DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Contact reason, e.g. PORT_OUT, COMPETITOR_OFFER, BILL.</summary>
    public string? ReasonCode { get; set; }

    public string? Agent { get; set; }

    public string? Disposition { get; set; }

    /// <summary>The IVR nodes the caller went through, as JSON; added in schema version 2.</summary>
    public string? IvrPath { get; set; }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        builder.ToTable("interactions");
        builder.HasIndex(i => new { i.CustomerId, i.StartedAt });
        builder.Property(i => i.Caller).HasMaxLength(64);
        builder.Property(i => i.Channel).HasMaxLength(16);
        builder.Property(i => i.ReasonCode).HasMaxLength(32);
        builder.Property(i => i.Agent).HasMaxLength(64);
        builder.Property(i => i.Disposition).HasMaxLength(32);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.SetNull);
    }
}
