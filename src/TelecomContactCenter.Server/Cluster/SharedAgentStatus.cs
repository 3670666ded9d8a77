using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// The status an agent last chose (Available, OnBreak with its reason, LoggedOut) as <c>agent_statuses</c> keeps it
/// in a cluster: written when they choose it, read when their desktop connects to any node. Only the chosen status:
/// whether they are ringing or in a call belongs to the call, never to this row.
/// </summary>
internal sealed class SharedAgentStatus
{
    public required string Agent { get; set; }

    public required string Status { get; set; }

    public string? BreakReason { get; set; }

    public required DateTimeOffset ChangedAt { get; set; }

    /// <summary>The node the agent chose it on.</summary>
    public required string Node { get; set; }
}

internal sealed class SharedAgentStatusConfiguration : IEntityTypeConfiguration<SharedAgentStatus>
{
    public void Configure(EntityTypeBuilder<SharedAgentStatus> builder)
    {
        builder.ToTable("agent_statuses");
        builder.HasKey(s => s.Agent);
        builder.Property(s => s.Agent).HasMaxLength(64);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.BreakReason).HasMaxLength(200);
        builder.Property(s => s.Node).HasMaxLength(64);
    }
}
