using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Ivr.Callbacks;

internal enum CallbackStatus
{
    Pending,
    Done,

    /// <summary>Claimed by the dialler: offered to an agent or being dialled.</summary>
    Dialling,

    /// <summary>Every attempt failed (busy, no answer); nobody will dial it again.</summary>
    Failed,
}

/// <summary>
/// A caller's request, made in the IVR, to be called back: who (number and customer), when it was asked, which
/// queue and priority it belongs to, and when it falls due (the next opening of the flow's calendar).
/// </summary>
internal sealed class CallbackRequest
{
    public long Id { get; set; }

    /// <summary>The Call-ID of the call in which the caller asked.</summary>
    public required string CallId { get; set; }

    /// <summary>The number to call back, E.164.</summary>
    public required string CallerNumber { get; set; }

    public long? CustomerId { get; set; }

    /// <summary>The caller's value tier when they asked, or "Unknown".</summary>
    public required string Tier { get; set; }

    /// <summary>Routing priority weight (tier weight plus the flow's bonus), as a queued call would get.</summary>
    public required int Priority { get; set; }

    public required string Queue { get; set; }

    public required string Flow { get; set; }

    public required DateTimeOffset RequestedAt { get; set; }

    public required DateTimeOffset DueAt { get; set; }

    public required CallbackStatus Status { get; set; }

    /// <summary>Dial attempts that did not reach the customer.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }
}

internal sealed class CallbackRequestConfiguration : IEntityTypeConfiguration<CallbackRequest>
{
    public void Configure(EntityTypeBuilder<CallbackRequest> builder)
    {
        builder.ToTable("callbacks");
        builder.HasIndex(c => new { c.Status, c.DueAt });
        builder.Property(c => c.CallId).HasMaxLength(200);
        builder.Property(c => c.CallerNumber).HasMaxLength(32);
        builder.Property(c => c.Tier).HasMaxLength(16);
        builder.Property(c => c.Queue).HasMaxLength(64);
        builder.Property(c => c.Flow).HasMaxLength(64);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.CompletedBy).HasMaxLength(64);
    }
}

internal sealed record CallbackView(
    long Id,
    string CallId,
    string CallerNumber,
    long? CustomerId,
    string Tier,
    int Priority,
    string Queue,
    string Flow,
    DateTimeOffset RequestedAt,
    DateTimeOffset DueAt,
    string Status,
    int Attempts,
    DateTimeOffset? CompletedAt,
    string? CompletedBy)
{
    public static CallbackView Of(CallbackRequest c) => new(c.Id, c.CallId, c.CallerNumber, c.CustomerId, c.Tier, c.Priority,
        c.Queue, c.Flow, c.RequestedAt, c.DueAt, c.Status.ToString(), c.Attempts, c.CompletedAt, c.CompletedBy);
}
