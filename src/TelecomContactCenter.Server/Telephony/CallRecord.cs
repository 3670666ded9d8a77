using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// The SIP side of one call's <see cref="Interaction"/>: the identity chain as received (raw, E.164, how far it
/// can be trusted, which header it came from), the access number and its mode, and what we decided and why.
/// A withheld caller's number is not stored, even when a trusted trunk asserted it (RFC 3325 §7).
/// </summary>
internal sealed class CallRecord
{
    public long InteractionId { get; set; }

    public Interaction? Interaction { get; set; }

    public required string CallId { get; set; }

    public required string AccessNumber { get; set; }

    public required string Mode { get; set; }

    public string? CallerRaw { get; set; }

    public string? CallerE164 { get; set; }

    public required string IdentityConfidence { get; set; }

    public required string IdentitySource { get; set; }

    /// <summary>The final SIP status we answered (302, 403, 404, 480...).</summary>
    public required int StatusCode { get; set; }

    public string? TargetQueue { get; set; }

    public string? TargetAgent { get; set; }

    public string? Tier { get; set; }

    public string? LifecycleStage { get; set; }

    public int? Priority { get; set; }

    public required string Reason { get; set; }

    /// <summary>Time spent deciding (customer lookup included), in microseconds: the hot path's own meter.</summary>
    public int? DecisionMicroseconds { get; set; }
}

internal sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> builder)
    {
        builder.ToTable("interaction_calls");
        builder.HasKey(c => c.InteractionId);
        builder.Property(c => c.InteractionId).ValueGeneratedNever();
        builder.HasOne(c => c.Interaction).WithOne().HasForeignKey<CallRecord>(c => c.InteractionId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.CallId).HasMaxLength(128);
        builder.HasIndex(c => c.CallId);
        builder.Property(c => c.AccessNumber).HasMaxLength(32);
        builder.Property(c => c.Mode).HasMaxLength(16);
        builder.Property(c => c.CallerRaw).HasMaxLength(64);
        builder.Property(c => c.CallerE164).HasMaxLength(20);
        builder.Property(c => c.IdentityConfidence).HasMaxLength(24);
        builder.Property(c => c.IdentitySource).HasMaxLength(24);
        builder.Property(c => c.TargetQueue).HasMaxLength(32);
        builder.Property(c => c.TargetAgent).HasMaxLength(64);
        builder.Property(c => c.Tier).HasMaxLength(16);
        builder.Property(c => c.LifecycleStage).HasMaxLength(16);
        builder.Property(c => c.Reason).HasMaxLength(400);
    }
}
