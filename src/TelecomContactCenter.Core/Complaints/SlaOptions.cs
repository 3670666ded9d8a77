using System.Globalization;

namespace TelecomContactCenter.Core.Complaints;

/// <summary>Targets of one tier row of the domain.md §3.2 SLA table.</summary>
public sealed class SlaTierOptions
{
    /// <summary>Non-fault resolution in business hours (1 business day = one calendar opening, 9 h by default).</summary>
    public double NonFaultBusinessHours { get; set; }

    /// <summary>Fault restoration, wall clock.</summary>
    public double FaultHours { get; set; }

    /// <summary>Data or leased-line fault restoration, wall clock.</summary>
    public double DataFaultHours { get; set; }

    /// <summary>Percent of the SLA at which the supervisor or account manager is alerted.</summary>
    public int SupervisorAlertPercent { get; set; }

    public bool NotifyAccountManagerOnCreation { get; set; }
}

/// <summary>SLA table, business calendar and pause rules (configuration section "Sla").</summary>
public sealed class SlaOptions
{
    public const string SectionName = "Sla";

    /// <summary>Offset of the business calendar from UTC, e.g. "+08:00".</summary>
    public string UtcOffset { get; set; } = "+08:00";

    public TimeOnly BusinessDayStart { get; set; } = new(9, 0);

    public TimeOnly BusinessDayEnd { get; set; } = new(18, 0);

    /// <summary>Comma-separated days, e.g. "Mon,Tue,Wed,Thu,Fri" (a string, so binding replaces rather than appends).</summary>
    public string BusinessDays { get; set; } = "Mon,Tue,Wed,Thu,Fri";

    public List<DateOnly> Holidays { get; set; } = [];

    public double PauseCapHours { get; set; } = 72;

    /// <summary>A back-office hand-off is due after this fraction of the customer SLA.</summary>
    public double OlaFraction { get; set; } = 0.6;

    public SlaTierOptions Platinum { get; set; } = new()
    {
        NonFaultBusinessHours = 4,
        FaultHours = 8,
        DataFaultHours = 4,
        SupervisorAlertPercent = 50,
        NotifyAccountManagerOnCreation = true,
    };

    public SlaTierOptions Gold { get; set; } = new()
    {
        NonFaultBusinessHours = 9,
        FaultHours = 12,
        DataFaultHours = 12,
        SupervisorAlertPercent = 50,
        NotifyAccountManagerOnCreation = true,
    };

    public SlaTierOptions Silver { get; set; } = new() { NonFaultBusinessHours = 18, FaultHours = 24, DataFaultHours = 24, SupervisorAlertPercent = 75 };

    public SlaTierOptions Standard { get; set; } = new() { NonFaultBusinessHours = 45, FaultHours = 24, DataFaultHours = 24, SupervisorAlertPercent = 75 };

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!TryParseOffset(UtcOffset, out _))
        {
            errors.Add($"{SectionName}:{nameof(UtcOffset)} must be an offset such as +08:00 between -14:00 and +14:00");
        }

        if (BusinessDayEnd <= BusinessDayStart)
        {
            errors.Add($"{SectionName}:{nameof(BusinessDayEnd)} must be after {nameof(BusinessDayStart)}");
        }

        if (!TryParseDays(BusinessDays, out var days) || days.Count == 0)
        {
            errors.Add($"{SectionName}:{nameof(BusinessDays)} must list at least one of Mon,Tue,Wed,Thu,Fri,Sat,Sun");
        }

        if (PauseCapHours is <= 0 or > 720)
        {
            errors.Add($"{SectionName}:{nameof(PauseCapHours)} must be between 0 and 720");
        }

        if (OlaFraction is <= 0 or > 1)
        {
            errors.Add($"{SectionName}:{nameof(OlaFraction)} must be between 0 and 1");
        }

        foreach (var (name, tier) in new[] { (nameof(Platinum), Platinum), (nameof(Gold), Gold), (nameof(Silver), Silver), (nameof(Standard), Standard) })
        {
            if (tier.NonFaultBusinessHours <= 0 || tier.FaultHours <= 0 || tier.DataFaultHours <= 0)
            {
                errors.Add($"{SectionName}:{name} targets must all be greater than 0");
            }

            if (tier.SupervisorAlertPercent is <= 0 or > 100)
            {
                errors.Add($"{SectionName}:{name}:{nameof(SlaTierOptions.SupervisorAlertPercent)} must be between 1 and 100");
            }
        }

        return errors;
    }

    internal static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        var trimmed = text?.Trim() ?? "";
        var sign = trimmed.StartsWith('-') ? -1 : 1;
        return TimeSpan.TryParseExact(trimmed.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture, out var parsed)
            && (offset = sign * parsed) >= TimeSpan.FromHours(-14) && offset <= TimeSpan.FromHours(14);
    }

    internal static bool TryParseDays(string? text, out HashSet<DayOfWeek> days)
    {
        days = [];
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Enum.GetValues<DayOfWeek>().Where(d => d.ToString().StartsWith(part, StringComparison.OrdinalIgnoreCase) && part.Length >= 3).ToList();
            if (match.Count != 1)
            {
                return false;
            }

            days.Add(match[0]);
        }

        return true;
    }
}
