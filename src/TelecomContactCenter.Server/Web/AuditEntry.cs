using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Web;

/// <summary>One sensitive action (complaint reassignment, tier override, discount beyond authority): who, what, when.</summary>
internal sealed class AuditEntry
{
    public long Id { get; set; }

    public required DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    /// <summary>Dotted action name, e.g. <c>complaint.reassign</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What the action touched, e.g. the complaint id.</summary>
    public required string Target { get; set; }

    public required string Detail { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasIndex(a => a.At);
        builder.Property(a => a.Actor).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(100);
        builder.Property(a => a.Detail).HasMaxLength(1000);
    }
}

internal sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Detail);
