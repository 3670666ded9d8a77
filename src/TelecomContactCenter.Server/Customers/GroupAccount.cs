using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Customers;

/// <summary>A 集团 (group) account: employees' lines hang off it and its key contacts route with its tier.</summary>
internal sealed class GroupAccount
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required bool IsStrategic { get; set; }

    public required bool IsSme { get; set; }

    public DateTimeOffset? AgreementEndsAt { get; set; }
}

internal sealed class GroupAccountConfiguration : IEntityTypeConfiguration<GroupAccount>
{
    public void Configure(EntityTypeBuilder<GroupAccount> builder)
    {
        builder.ToTable("group_accounts");
        builder.Property(g => g.Name).HasMaxLength(120);
    }
}
