using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Interactions;

/// <summary>
/// One contact with a customer (a call today; other channels later), one row per call found by its Call-ID: the
/// SIP side (identity chain as received, access number, what was answered and why), the IVR path, and the ACD's
/// queue, agent and wrap-up facts, all written by <see cref="InteractionWriter"/>. The profile evaluation reads
/// <see cref="ReasonCode"/> for port-out intent. A withheld caller's number is not stored, even when a trusted
/// trunk asserted it (RFC 3325 §7).
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

    /// <summary>The caller's way through the IVR: one <see cref="Ivr.IvrPathRecord"/> as JSON.</summary>
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

    /// <summary>The number the caller dialled (the INVITE's Request-URI user).</summary>
    public string? AccessNumber { get; set; }

    /// <summary>How the access number is served: <c>routing-only</c> or <c>ivr</c>.</summary>
    public string? Mode { get; set; }

    /// <summary>The caller's number as received, before normalising.</summary>
    public string? CallerRaw { get; set; }

    /// <summary>Which header the identity came from (PAssertedIdentity, From, ...).</summary>
    public string? IdentitySource { get; set; }

    /// <summary>The final SIP status answered to the INVITE (200, 302, 403, 404, 480...).</summary>
    public int? StatusCode { get; set; }

    /// <summary>The queue the routing decision named.</summary>
    public string? TargetQueue { get; set; }

    /// <summary>The agent the routing decision named (an account manager).</summary>
    public string? TargetAgent { get; set; }

    public string? LifecycleStage { get; set; }

    /// <summary>The routing priority the decision gave.</summary>
    public int? Priority { get; set; }

    /// <summary>Why the call was answered as it was.</summary>
    public string? Reason { get; set; }

    /// <summary>Time spent deciding (customer lookup included), in microseconds: the hot path's own meter.</summary>
    public int? DecisionMicroseconds { get; set; }

    /// <summary>The node that handled the call (<c>Cluster:NodeName</c>): whose failure ends it.</summary>
    public string? Node { get; set; }
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
        builder.Property(i => i.AccessNumber).HasMaxLength(32);
        builder.Property(i => i.Mode).HasMaxLength(16);
        builder.Property(i => i.CallerRaw).HasMaxLength(64);
        builder.Property(i => i.IdentitySource).HasMaxLength(24);
        builder.Property(i => i.TargetQueue).HasMaxLength(32);
        builder.Property(i => i.TargetAgent).HasMaxLength(64);
        builder.Property(i => i.LifecycleStage).HasMaxLength(16);
        builder.Property(i => i.Reason).HasMaxLength(400);
        builder.Property(i => i.Node).HasMaxLength(64);
        builder.HasIndex(i => new { i.Node, i.EndedAt });
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.SetNull);
    }
}
