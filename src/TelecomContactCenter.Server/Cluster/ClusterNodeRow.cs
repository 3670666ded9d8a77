using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// One node of a cluster as <c>cluster_nodes</c> keeps it: its name (<c>Cluster:NodeName</c>), when its current
/// process started, its last heartbeat (the database's clock, so the nodes' clocks need not agree) and where it
/// listens, and whether it leads the ACD. A node whose heartbeat is older than <c>Cluster:NodeTimeout</c> is dead.
/// </summary>
internal sealed class ClusterNodeRow
{
    public required string Name { get; set; }

    public required DateTimeOffset StartedAt { get; set; }

    public required DateTimeOffset HeartbeatAt { get; set; }

    /// <summary>The node's HTTP and SIP addresses, space-separated, as it bound them.</summary>
    public required string Addresses { get; set; }

    /// <summary>Since when the node holds the ACD leadership; null while it does not.</summary>
    public DateTimeOffset? LeaderSince { get; set; }
}

internal sealed class ClusterNodeRowConfiguration : IEntityTypeConfiguration<ClusterNodeRow>
{
    public void Configure(EntityTypeBuilder<ClusterNodeRow> builder)
    {
        builder.ToTable("cluster_nodes");
        builder.HasKey(n => n.Name);
        builder.Property(n => n.Name).HasMaxLength(64);
        builder.Property(n => n.Addresses).HasMaxLength(512);
    }
}
