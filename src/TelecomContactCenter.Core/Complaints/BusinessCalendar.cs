namespace TelecomContactCenter.Core.Complaints;

/// <summary>
/// Opening hours in a fixed UTC offset (default Mon–Fri 09:00–18:00 at +08:00) with holidays, for measuring and
/// adding business time. Immutable and thread-safe.
/// </summary>
public sealed class BusinessCalendar
{
    private const int MaxDaysScanned = 3660;
    private readonly HashSet<DayOfWeek> _days;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(TimeSpan utcOffset, TimeOnly open, TimeOnly close, IEnumerable<DayOfWeek> days, IEnumerable<DateOnly> holidays)
    {
        if (close <= open)
        {
            throw new ArgumentException("Closing time must be after opening time.", nameof(close));
        }

        UtcOffset = utcOffset;
        Open = open;
        Close = close;
        _days = [.. days];
        _holidays = [.. holidays];
        if (_days.Count == 0)
        {
            throw new ArgumentException("A business calendar needs at least one business day.", nameof(days));
        }
    }

    public TimeSpan UtcOffset { get; }

    public TimeOnly Open { get; }

    public TimeOnly Close { get; }

    public TimeSpan BusinessDayLength => Close - Open;

    public static BusinessCalendar From(SlaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!SlaOptions.TryParseOffset(options.UtcOffset, out var offset) || !SlaOptions.TryParseDays(options.BusinessDays, out var days))
        {
            throw new ArgumentException(string.Join("; ", options.Validate()), nameof(options));
        }

        return new BusinessCalendar(offset, options.BusinessDayStart, options.BusinessDayEnd, days, options.Holidays);
    }

    public bool IsBusinessDay(DateOnly day) => _days.Contains(day.DayOfWeek) && !_holidays.Contains(day);

    /// <summary>Business time inside [<paramref name="from"/>, <paramref name="to"/>); zero when to ≤ from.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var start = from.ToOffset(UtcOffset);
        var end = to.ToOffset(UtcOffset);
        var total = TimeSpan.Zero;
        for (var day = DateOnly.FromDateTime(start.DateTime); day <= DateOnly.FromDateTime(end.DateTime); day = day.AddDays(1))
        {
            if (!IsBusinessDay(day))
            {
                continue;
            }

            var (windowStart, windowEnd) = Window(day);
            var s = windowStart > start ? windowStart : start;
            var e = windowEnd < end ? windowEnd : end;
            if (e > s)
            {
                total += e - s;
            }
        }

        return total;
    }

    /// <summary>The instant at which <paramref name="amount"/> of business time has passed after <paramref name="from"/>.</summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset from, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        if (amount == TimeSpan.Zero)
        {
            return from.ToUniversalTime();
        }

        var current = from.ToOffset(UtcOffset);
        var remaining = amount;
        var day = DateOnly.FromDateTime(current.DateTime);
        for (var scanned = 0; scanned < MaxDaysScanned; scanned++, day = day.AddDays(1))
        {
            if (!IsBusinessDay(day))
            {
                continue;
            }

            var (windowStart, windowEnd) = Window(day);
            var s = windowStart > current ? windowStart : current;
            if (s >= windowEnd)
            {
                continue;
            }

            if (s + remaining <= windowEnd)
            {
                return (s + remaining).ToUniversalTime();
            }

            remaining -= windowEnd - s;
        }

        throw new InvalidOperationException("The business calendar has no opening within ten years.");
    }

    private (DateTimeOffset Start, DateTimeOffset End) Window(DateOnly day) =>
        (new DateTimeOffset(day.ToDateTime(Open), UtcOffset), new DateTimeOffset(day.ToDateTime(Close), UtcOffset));
}
