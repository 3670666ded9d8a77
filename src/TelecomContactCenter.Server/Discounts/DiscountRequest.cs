using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Discounts;

/// <summary>
/// Pending: above the requester's authority, waiting for a supervisor. Approved / Rejected: a supervisor decided.
/// Applied: within the requester's authority (or requested by a supervisor), granted at once.
/// </summary>
internal enum DiscountStatus
{
    Pending,
    Approved,
    Rejected,
    Applied,
}

/// <summary>A discount granted or asked for on a customer's monthly fee: an accepted offer's or a goodwill gesture.</summary>
internal sealed class DiscountRequest
{
    public long Id { get; set; }

    public required long CustomerId { get; set; }

    /// <summary>The call it was granted on, when there was one.</summary>
    public string? CallId { get; set; }

    /// <summary>The accepted offer it comes from; null for a goodwill discount.</summary>
    public string? OfferId { get; set; }

    public required decimal Percent { get; set; }

    public required int Months { get; set; }

    public required string Reason { get; set; }

    public required string RequestedBy { get; set; }

    public required DateTimeOffset RequestedAt { get; set; }

    /// <summary>The requester's own authority when they asked, so the record shows why it needed approval.</summary>
    public required decimal AuthorityPercent { get; set; }

    public required DiscountStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    /// <summary>When the discount starts: when it was granted.</summary>
    public DateTimeOffset StartsAt() => DecidedAt ?? RequestedAt;

    /// <summary>When it stops: its months after it started.</summary>
    public DateTimeOffset EndsAt() => StartsAt().AddMonths(Months);

    /// <summary>Granted and within its months at <paramref name="now"/>.</summary>
    public bool IsInForce(DateTimeOffset now) => Status is DiscountStatus.Applied or DiscountStatus.Approved && StartsAt() <= now && EndsAt() > now;
}

internal static class DiscountQueries
{
    /// <summary>
    /// The granted discounts (applied at once or approved; only these are ever in force); whether each is still
    /// within its months is <see cref="DiscountRequest.IsInForce"/>.
    /// </summary>
    public static IQueryable<DiscountRequest> Granted(this IQueryable<DiscountRequest> discounts) =>
        discounts.Where(d => d.Status == DiscountStatus.Applied || d.Status == DiscountStatus.Approved);
}

internal sealed class DiscountRequestConfiguration : IEntityTypeConfiguration<DiscountRequest>
{
    public void Configure(EntityTypeBuilder<DiscountRequest> builder)
    {
        builder.ToTable("discount_requests");
        builder.HasIndex(d => d.Status);
        builder.HasIndex(d => d.RequestedBy);
        // The 360, the ladder and every profile evaluation read a customer's discounts.
        builder.HasIndex(d => d.CustomerId);
        builder.Property(d => d.CallId).HasMaxLength(128);
        builder.Property(d => d.OfferId).HasMaxLength(32);
        builder.Property(d => d.Percent).HasPrecision(5, 2);
        builder.Property(d => d.AuthorityPercent).HasPrecision(5, 2);
        builder.Property(d => d.Reason).HasMaxLength(500);
        builder.Property(d => d.RequestedBy).HasMaxLength(64);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.DecidedBy).HasMaxLength(64);
        builder.Property(d => d.DecisionNote).HasMaxLength(500);
    }
}
