namespace TelecomContactCenter.Core.Offers;

/// <summary>
/// The callback time a service-recovery script promises ("I'll call you by {time}"). The open complaint's SLA is
/// due at any hour (a fault's clock runs through the night), but nobody calls a customer at 06:25: the promise is
/// the SLA due when it falls within the customer's callback hours, else the end of the last callback hours before
/// it (21:00 the evening before), so the owner calls in time and at a decent hour. When that moment has already
/// passed (the evening before has gone, or the SLA is breached), the promise is the end of today's callback hours
/// while they are open, else their next start (08:00): a promise is never in the past, even if keeping it means the
/// SLA is missed. All times in the customer's time zone. Pure and thread-safe.
/// </summary>
public static class CallbackPromise
{
    /// <param name="due">The SLA due, in the customer's time zone.</param>
    /// <param name="now">The time of the evaluation.</param>
    /// <param name="zone">The customer's time zone (for the offset of a moment on another day).</param>
    /// <param name="start">The start of the callback hours.</param>
    /// <param name="end">The end of the callback hours; after <paramref name="start"/>.</param>
    public static DateTimeOffset By(DateTimeOffset due, DateTimeOffset now, TimeZoneInfo zone, TimeOnly start, TimeOnly end)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(due, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var day = DateOnly.FromDateTime(local.DateTime);
        // Within the hours: the due itself; before they open: the evening before; after they close: the same evening.
        var latest = time >= start && time <= end ? local : At(time < start ? day.AddDays(-1) : day, end, zone);
        if (latest > now)
        {
            return latest;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var (opening, closing) = (At(today, start, zone), At(today, end, zone));
        return now < opening ? opening : now < closing ? closing : At(today.AddDays(1), start, zone);
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var wall = day.ToDateTime(time);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
