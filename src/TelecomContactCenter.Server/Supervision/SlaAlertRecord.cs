using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Supervision;

/// <summary>An SLA threshold the monitor has raised for a complaint; one row per (complaint, threshold), so each is raised once.</summary>
internal sealed class SlaAlertRecord
{
    public long Id { get; set; }

    public required string ComplaintId { get; set; }

    /// <summary>Percent of the SLA consumed: the tier's alert point (50 or 75), 100, or 0 for "a VIP complaint opened".</summary>
    public required int Threshold { get; set; }

    public required DateTimeOffset RaisedAt { get; set; }

    public required string Owner { get; set; }

    /// <summary>The complaint was escalated to the back office because of this breach.</summary>
    public required bool Escalated { get; set; }

    public required string Detail { get; set; }
}

internal sealed class SlaAlertRecordConfiguration : IEntityTypeConfiguration<SlaAlertRecord>
{
    public void Configure(EntityTypeBuilder<SlaAlertRecord> builder)
    {
        builder.ToTable("sla_alerts");
        builder.HasIndex(a => new { a.ComplaintId, a.Threshold }).IsUnique();
        builder.Property(a => a.ComplaintId).HasMaxLength(40);
        builder.Property(a => a.Owner).HasMaxLength(64);
        builder.Property(a => a.Detail).HasMaxLength(400);
    }
}

/// <summary>SLA monitor settings (section "Supervision").</summary>
internal sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>How often open complaints are evaluated against their SLA.</summary>
    public TimeSpan SlaScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Escalate a breached complaint to the back office when its workflow permits.</summary>
    public bool EscalateOnBreach { get; set; } = true;

    /// <summary>Where a breached VIP (Platinum/Gold, G1/G2) complaint is escalated, named in its audit trail and alert.</summary>
    public string VipEscalationDepartment { get; set; } = "the big-customer department";

    public IEnumerable<string> Validate()
    {
        if (SlaScanInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(SlaScanInterval)} must be positive.";
        }

        if (string.IsNullOrWhiteSpace(VipEscalationDepartment))
        {
            yield return $"{Section}:{nameof(VipEscalationDepartment)} must not be empty.";
        }
    }
}
