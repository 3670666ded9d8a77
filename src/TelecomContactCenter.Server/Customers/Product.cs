using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Customers;

internal enum ProductKind
{
    Mobile,
    Fixed,
    Broadband,
    Data,
    Vas,
}

/// <summary>A product a customer holds (or held: <see cref="RemovedAt"/> set).</summary>
internal sealed class Product
{
    public long Id { get; set; }

    public required long CustomerId { get; set; }

    public required ProductKind Kind { get; set; }

    public required string Name { get; set; }

    public required decimal MonthlyFee { get; set; }

    public required DateTimeOffset AddedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.HasIndex(p => p.CustomerId);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Name).HasMaxLength(80);
        builder.Property(p => p.MonthlyFee).HasPrecision(10, 2);
        builder.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
