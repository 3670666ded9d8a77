using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Customers;

/// <summary>One closed bill cycle; <see cref="Month"/> is the first day of the billed month (UTC).</summary>
internal sealed class MonthlyBill
{
    public long Id { get; set; }

    public required long CustomerId { get; set; }

    public required DateOnly Month { get; set; }

    public required decimal Amount { get; set; }

    public required decimal CostToServe { get; set; }
}

internal sealed class MonthlyBillConfiguration : IEntityTypeConfiguration<MonthlyBill>
{
    public void Configure(EntityTypeBuilder<MonthlyBill> builder)
    {
        builder.ToTable("monthly_bills");
        builder.HasIndex(b => new { b.CustomerId, b.Month }).IsUnique();
        builder.Property(b => b.Amount).HasPrecision(12, 2);
        builder.Property(b => b.CostToServe).HasPrecision(12, 2);
        builder.HasOne<Customer>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
