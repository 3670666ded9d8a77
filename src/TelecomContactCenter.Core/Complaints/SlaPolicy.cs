using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Complaints;

public enum SlaTimeBasis
{
    /// <summary>Counts only business-calendar opening hours (non-fault complaints).</summary>
    BusinessHours,

    /// <summary>Counts every hour (fault restoration).</summary>
    WallClock,
}

/// <summary>The SLA that applies to one complaint.</summary>
public sealed record SlaTarget(
    ValueTier Tier,
    SlaKind Kind,
    TimeSpan Duration,
    SlaTimeBasis Basis,
    int SupervisorAlertPercent,
    bool NotifyAccountManagerOnCreation);

/// <summary>
/// The domain.md §3.2 SLA table plus the business calendar. Faults on data or leased lines of G1/G2 accounts are
/// always held to the Platinum target. Immutable and thread-safe.
/// </summary>
public sealed class SlaPolicy
{
    private readonly SlaOptions _options;

    public SlaPolicy(SlaOptions? options = null)
    {
        _options = options ?? new SlaOptions();
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Calendar = BusinessCalendar.From(_options);
    }

    public BusinessCalendar Calendar { get; }

    public TimeSpan PauseCap => TimeSpan.FromHours(_options.PauseCapHours);

    public double OlaFraction => _options.OlaFraction;

    public SlaTarget TargetFor(ValueTier tier, SlaKind kind, GroupTier? groupTier = null)
    {
        var effective = kind == SlaKind.DataOrLeasedLineFault && groupTier is GroupTier.G1 or GroupTier.G2 ? ValueTier.Platinum : tier;
        var row = effective switch
        {
            ValueTier.Platinum => _options.Platinum,
            ValueTier.Gold => _options.Gold,
            ValueTier.Silver => _options.Silver,
            _ => _options.Standard,
        };
        var (hours, basis) = kind switch
        {
            SlaKind.NonFault => (row.NonFaultBusinessHours, SlaTimeBasis.BusinessHours),
            SlaKind.Fault => (row.FaultHours, SlaTimeBasis.WallClock),
            _ => (row.DataFaultHours, SlaTimeBasis.WallClock),
        };
        return new SlaTarget(effective, kind, TimeSpan.FromHours(hours), basis, row.SupervisorAlertPercent, row.NotifyAccountManagerOnCreation);
    }

    public SlaTarget TargetFor(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return TargetFor(complaint.TierAtCreation, complaint.SlaKind, complaint.GroupTierAtCreation);
    }

    /// <summary>SLA time elapsed between two instants on the target's basis.</summary>
    public TimeSpan Measure(SlaTimeBasis basis, DateTimeOffset from, DateTimeOffset to) =>
        basis == SlaTimeBasis.BusinessHours ? Calendar.BusinessTimeBetween(from, to) : to > from ? to - from : TimeSpan.Zero;

    /// <summary>The instant at which <paramref name="amount"/> of SLA time has elapsed after <paramref name="from"/>.</summary>
    public DateTimeOffset Add(SlaTimeBasis basis, DateTimeOffset from, TimeSpan amount) =>
        basis == SlaTimeBasis.BusinessHours ? Calendar.AddBusinessTime(from, amount) : from + amount;
}
