using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TelecomContactCenter.Core.Complaints;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>
/// Maps Core's <see cref="Complaint"/> aggregate as it is: state and owner through their backing fields, the audit
/// trail and contact attempts as child rows with a shadow key (insert order), and <see cref="Complaint.Version"/>
/// (bumped by the workflow on every change) as the concurrency token.
/// </summary>
internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> builder)
    {
        builder.ToTable("complaints");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasConversion(id => id.Value, value => new ComplaintId(value)).ValueGeneratedNever();
        builder.Property(c => c.MergedInto).HasConversion(id => id!.Value.Value, value => new ComplaintId(value));
        builder.Property(c => c.CustomerId).HasMaxLength(32);
        builder.Property(c => c.Owner).HasMaxLength(64).HasField("_owner");
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.RootCause).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.TierAtCreation).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.GroupTierAtCreation).HasConversion<string>().HasMaxLength(8);
        builder.Property(c => c.SlaKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.StateBeforePending).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Summary).HasMaxLength(2000);
        builder.Property(c => c.CreatedOnCallId).HasMaxLength(128);
        builder.Property(c => c.ResolutionCode).HasMaxLength(32);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsOpen);
        builder.HasIndex(c => new { c.CustomerId, c.State });
        builder.HasIndex(c => c.Owner);

        builder.HasMany(c => c.Transitions).WithOne().HasForeignKey("ComplaintId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Transitions).HasField("_transitions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.FailedContactAttempts).WithOne().HasForeignKey("ComplaintId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.FailedContactAttempts).HasField("_failedContacts").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ComplaintTransitionConfiguration : IEntityTypeConfiguration<ComplaintTransition>
{
    public void Configure(EntityTypeBuilder<ComplaintTransition> builder)
    {
        builder.ToTable("complaint_audit");
        builder.Property<long>("Id");
        builder.HasKey("Id");
        builder.Property(t => t.Actor).HasMaxLength(64);
        builder.Property(t => t.Trigger).HasMaxLength(32);
        builder.Property(t => t.From).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.To).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.Reason).HasMaxLength(400);
    }
}

internal sealed class ContactAttemptConfiguration : IEntityTypeConfiguration<ContactAttempt>
{
    public void Configure(EntityTypeBuilder<ContactAttempt> builder)
    {
        builder.ToTable("complaint_contact_attempts");
        builder.Property<long>("Id");
        builder.HasKey("Id");
        builder.Property(a => a.Actor).HasMaxLength(64);
    }
}
