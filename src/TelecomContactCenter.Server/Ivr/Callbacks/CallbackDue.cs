using TelecomContactCenter.Core.Ivr;

namespace TelecomContactCenter.Server.Ivr.Callbacks;

/// <summary>When a callback falls due: the moment the contact centre is next open to make it.</summary>
internal static class CallbackDue
{
    // Calendars repeat weekly; two weeks also steps over a run of closed dates such as a holiday week.
    private const int DaysAhead = 14;

    /// <summary>
    /// The earliest next opening among the flow's calendars that are closed at <paramref name="now"/> (a callback is
    /// asked for when the centre is closed); <paramref name="now"/> itself when none is closed or none ever opens.
    /// </summary>
    public static DateTimeOffset For(IvrFlow flow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var openings = flow.Calendars.Values.Where(c => !c.IsOpen(now)).Select(c => NextOpening(c, now)).OfType<DateTimeOffset>().ToList();
        return openings.Count == 0 ? now : openings.Min();
    }

    public static DateTimeOffset? NextOpening(BusinessHours calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (calendar.IsOpen(now))
        {
            return now;
        }

        var local = now.ToOffset(calendar.UtcOffset);
        var today = DateOnly.FromDateTime(local.DateTime);
        for (var day = 0; day <= DaysAhead; day++)
        {
            var date = today.AddDays(day);
            if (calendar.ClosedDates.Contains(date))
            {
                continue;
            }

            var opening = calendar.Windows
                .Where(w => w.Days.Contains(date.DayOfWeek))
                .Select(w => new DateTimeOffset(date.ToDateTime(w.Open), calendar.UtcOffset))
                .Where(open => open > now)
                .Order()
                .FirstOrDefault();
            if (opening != default)
            {
                return opening.ToUniversalTime();
            }
        }

        return null;
    }
}
