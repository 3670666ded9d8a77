using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Customers;

internal sealed class MonthlyUsage
{
    public long Id { get; set; }

    public required long CustomerId { get; set; }

    public required DateOnly Month { get; set; }

    public required int VoiceMinutes { get; set; }

    public required int DataMegabytes { get; set; }
}

internal sealed class MonthlyUsageConfiguration : IEntityTypeConfiguration<MonthlyUsage>
{
    public void Configure(EntityTypeBuilder<MonthlyUsage> builder)
    {
        builder.ToTable("monthly_usage");
        builder.HasIndex(u => new { u.CustomerId, u.Month }).IsUnique();
        builder.HasOne<Customer>().WithMany().HasForeignKey(u => u.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
