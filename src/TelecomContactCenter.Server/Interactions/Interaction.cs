using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TelecomContactCenter.Server.Contact;

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

    /// <summary>The agent's wrap-up notes (schema version 15).</summary>
    public string? Notes { get; set; }

    /// <summary>The IVR nodes the caller went through, as JSON; added in schema version 2.</summary>
    public string? IvrPath { get; set; }

    /// <summary>The caller leg's SIP Call-ID; set for calls (schema version 3), unique.</summary>
    public string? CallId { get; set; }

    public string? CallerE164 { get; set; }

    /// <summary>How the caller was identified (NetworkAsserted, Withheld, ...).</summary>
    public string? IdentityConfidence { get; set; }

    public string? IvrDigits { get; set; }

    public string? Queue { get; set; }

    /// <summary>The tier the call was routed with.</summary>
    public string? Tier { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    /// <summary>When the answering agent's phone started ringing.</summary>
    public DateTimeOffset? RingStartedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? WrapUpCompletedAt { get; set; }

    /// <summary>Complaint opened or worked on this call.</summary>
    public string? ComplaintId { get; set; }

    /// <summary>Offers shown with outcomes and script versions, as JSON.</summary>
    public string? Offers { get; set; }

    /// <summary>Every routing decision for the call with its reason, as JSON.</summary>
    public string? Routing { get; set; }
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
        builder.Property(i => i.Notes).HasMaxLength(CallRecord.MaxNotesLength);
        builder.HasIndex(i => i.CallId).IsUnique();
        builder.HasIndex(i => i.Agent);
        builder.Property(i => i.CallId).HasMaxLength(128);
        builder.Property(i => i.CallerE164).HasMaxLength(20);
        builder.Property(i => i.IdentityConfidence).HasMaxLength(24);
        builder.Property(i => i.IvrDigits).HasMaxLength(64);
        builder.Property(i => i.Queue).HasMaxLength(64);
        builder.Property(i => i.Tier).HasMaxLength(16);
        builder.Property(i => i.ComplaintId).HasMaxLength(40);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.SetNull);
    }
}
