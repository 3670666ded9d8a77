using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Customers;

/// <summary>
/// A customer's account manager. <see cref="Name"/> is the display name the desktop shows; <see cref="UserName"/> is
/// the sign-in (agent role) through which calls, hub pushes and SLA alerts reach them, null for a manager who does
/// not sign in here.
/// </summary>
internal sealed class AccountManager
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public string? UserName { get; set; }

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
        builder.Property(a => a.UserName).HasMaxLength(64);
        builder.HasIndex(a => a.UserName).IsUnique();
    }
}
