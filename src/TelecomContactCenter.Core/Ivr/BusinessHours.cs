namespace TelecomContactCenter.Core.Ivr;

/// <summary>One weekly opening window: the listed days from <see cref="Open"/> until <see cref="Close"/>.</summary>
public sealed record OpeningWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly Open, TimeOnly Close);

/// <summary>
/// A named weekly opening calendar defined in a flow file, in a fixed UTC offset, with dates on which it stays
/// closed. Windows do not cross midnight; write two windows for that. Immutable and thread-safe.
/// </summary>
public sealed record BusinessHours(string Name, TimeSpan UtcOffset, IReadOnlyList<OpeningWindow> Windows, IReadOnlyList<DateOnly> ClosedDates)
{
    /// <summary>Whether <paramref name="instant"/> (any offset) falls inside an opening window.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = instant.ToOffset(UtcOffset);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (ClosedDates.Contains(date))
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local.DateTime);
        return Windows.Any(w => w.Days.Contains(local.DayOfWeek) && time >= w.Open && time < w.Close);
    }

    /// <summary>"Mon–Fri 08:00–20:00" style text for decision reasons.</summary>
    public string Describe(DateTimeOffset instant)
    {
        var local = instant.ToOffset(UtcOffset);
        var sign = UtcOffset < TimeSpan.Zero ? "-" : "+";
        return $"{local:ddd HH:mm} at UTC{sign}{UtcOffset:hh\\:mm}";
    }
}
