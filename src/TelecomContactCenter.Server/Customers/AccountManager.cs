using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Customers;

internal sealed class AccountManager
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Phone { get; set; }

    public required string Email { get; set; }
}

internal sealed class AccountManagerConfiguration : IEntityTypeConfiguration<AccountManager>
{
    public void Configure(EntityTypeBuilder<AccountManager> builder)
    {
        builder.ToTable("account_managers");
        builder.Property(a => a.Name).HasMaxLength(120);
        builder.Property(a => a.Phone).HasMaxLength(20);
        builder.Property(a => a.Email).HasMaxLength(120);
    }
}
