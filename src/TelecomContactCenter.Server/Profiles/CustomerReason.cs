using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TelecomContactCenter.Core.Complaints;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>One thing the customer said, coded by the agent during a call or at wrap-up (table customer_reasons).</summary>
internal sealed class CustomerReason
{
    public long Id { get; set; }

    public required long CustomerId { get; init; }

    /// <summary>The call it was captured on; null when recorded outside a call.</summary>
    public string? CallId { get; init; }

    public required ReasonKind Kind { get; init; }

    public required string Code { get; init; }

    public string? Note { get; init; }

    public required string CapturedBy { get; init; }

    public required DateTimeOffset CapturedAt { get; init; }
}

internal sealed class CustomerReasonConfiguration : IEntityTypeConfiguration<CustomerReason>
{
    public void Configure(EntityTypeBuilder<CustomerReason> builder)
    {
        builder.ToTable("customer_reasons");
        builder.HasIndex(r => new { r.CustomerId, r.CapturedAt });
        builder.Property(r => r.CallId).HasMaxLength(128);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Code).HasMaxLength(32);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property(r => r.CapturedBy).HasMaxLength(64);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The latest reasons that still count for a customer: contact reason and decline cause for 30 days, exit reason and key buying factor until replaced.</summary>
internal sealed record CapturedReasons(string? ContactReason, string? DeclineCause, string? ExitReason, string? KeyBuyingFactor)
{
    public static readonly CapturedReasons None = new(null, null, null, null);

    public Core.Customers.DeclineCause? Cause =>
        Find(ReasonKind.DeclineCause, DeclineCause)?.Cause ?? Find(ReasonKind.ContactReason, ContactReason)?.Cause;

    public ChurnType? ChurnType => Find(ReasonKind.ExitReason, ExitReason)?.ChurnType;

    public static CapturedReasons From(IEnumerable<CustomerReason> newestFirst, DateTimeOffset intentSince)
    {
        var rows = newestFirst.ToList();
        string? Latest(ReasonKind kind, bool recentOnly) =>
            rows.FirstOrDefault(r => r.Kind == kind && (!recentOnly || r.CapturedAt >= intentSince))?.Code;
        return new(
            Latest(ReasonKind.ContactReason, recentOnly: true), Latest(ReasonKind.DeclineCause, recentOnly: true),
            Latest(ReasonKind.ExitReason, recentOnly: false), Latest(ReasonKind.KeyBuyingFactor, recentOnly: false));
    }

    private static ReasonCode? Find(ReasonKind kind, string? code) => CustomerReasons.TryFind(kind, code, out var found) ? found : null;
}

/// <summary>The captured reasons on the customer 360, with what they mean: the churn type and p_winback of an exit reason.</summary>
internal sealed record ReasonsView(
    string? ContactReason, string? DeclineCause, string? ExitReason, string? ChurnType, double? WinbackProbability, string? KeyBuyingFactor)
{
    public static readonly ReasonsView None = new(null, null, null, null, null, null);
}
