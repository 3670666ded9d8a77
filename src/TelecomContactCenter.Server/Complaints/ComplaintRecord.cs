using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>
/// The stored form of a complaint. The workflow rules live in Core; this row holds the state the machine reads
/// and writes, plus a version number that makes two agents' concurrent changes a 409 instead of a lost update.
/// </summary>
internal sealed class ComplaintRecord
{
    public long Id { get; set; }

    public required long CustomerId { get; set; }

    public required string Category { get; set; }

    public required string Description { get; set; }

    public required string State { get; set; }

    /// <summary>The state to return to when PendingCustomer ends.</summary>
    public string? ResumeState { get; set; }

    /// <summary>First-contact owner (首问负责制); never empty.</summary>
    public required string Owner { get; set; }

    /// <summary>The customer's tier when the complaint was opened; it fixes the SLA.</summary>
    public required string Tier { get; set; }

    public required DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PausedSince { get; set; }

    public required long PausedSeconds { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public required bool FirstContact { get; set; }

    public long? MergedIntoId { get; set; }

    /// <summary>Set once the SLA clock passed 100%; stays set (a Decline soft trigger for 90 days).</summary>
    public bool SlaBreached { get; set; }

    public required int Version { get; set; }

    public List<ComplaintAuditEntry> Audit { get; } = [];
}

internal sealed class ComplaintAuditEntry
{
    public long Id { get; set; }

    public required long ComplaintId { get; set; }

    public required DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Trigger { get; set; }

    public required string FromState { get; set; }

    public required string ToState { get; set; }

    public string? Reason { get; set; }
}

internal sealed class ComplaintRecordConfiguration : IEntityTypeConfiguration<ComplaintRecord>
{
    public void Configure(EntityTypeBuilder<ComplaintRecord> builder)
    {
        builder.ToTable("complaints");
        builder.HasIndex(c => new { c.CustomerId, c.State });
        builder.HasIndex(c => c.Owner);
        builder.Property(c => c.Category).HasMaxLength(16);
        builder.Property(c => c.Description).HasMaxLength(2000);
        builder.Property(c => c.State).HasMaxLength(40);
        builder.Property(c => c.ResumeState).HasMaxLength(40);
        builder.Property(c => c.Owner).HasMaxLength(64);
        builder.Property(c => c.Tier).HasMaxLength(16);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasMany(c => c.Audit).WithOne().HasForeignKey(a => a.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComplaintAuditEntryConfiguration : IEntityTypeConfiguration<ComplaintAuditEntry>
{
    public void Configure(EntityTypeBuilder<ComplaintAuditEntry> builder)
    {
        builder.ToTable("complaint_audit");
        builder.HasIndex(a => a.ComplaintId);
        builder.Property(a => a.Actor).HasMaxLength(64);
        builder.Property(a => a.Trigger).HasMaxLength(40);
        builder.Property(a => a.FromState).HasMaxLength(40);
        builder.Property(a => a.ToState).HasMaxLength(40);
        builder.Property(a => a.Reason).HasMaxLength(400);
    }
}
