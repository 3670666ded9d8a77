using TelecomContactCenter.Core.Offers;

namespace TelecomContactCenter.Core.Tests.Offers;

/// <summary>The callback time a script promises: the SLA due moved into the customer's callback hours (08:00–21:00 in Shanghai).</summary>
public sealed class CallbackPromiseTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Theory]
    // Due within the hours: the due itself.
    [InlineData("2026-12-05 14:00", "2026-12-07 17:00", "2026-12-07 17:00")]
    [InlineData("2026-12-05 14:00", "2026-12-07 21:00", "2026-12-07 21:00")]
    [InlineData("2026-12-05 14:00", "2026-12-07 08:00", "2026-12-07 08:00")]
    // Due at night: by the end of the evening before it (or of the same evening, when due after closing).
    [InlineData("2026-12-05 14:00", "2026-12-06 06:25", "2026-12-05 21:00")]
    [InlineData("2026-12-05 14:00", "2026-12-05 23:40", "2026-12-05 21:00")]
    // That evening has passed already: the next opening, never a time in the past.
    [InlineData("2026-12-05 22:10", "2026-12-06 06:25", "2026-12-06 08:00")]
    [InlineData("2026-12-06 02:00", "2026-12-06 06:25", "2026-12-06 08:00")]
    [InlineData("2026-12-05 21:30", "2026-12-05 23:40", "2026-12-06 08:00")]
    // The SLA is breached already: the end of today's hours while they are open, else their next start.
    [InlineData("2026-12-05 18:00", "2026-12-05 17:00", "2026-12-05 21:00")]
    [InlineData("2026-12-05 07:10", "2026-12-05 06:25", "2026-12-05 08:00")]
    [InlineData("2026-12-05 22:00", "2026-12-05 17:00", "2026-12-06 08:00")]
    public void By_DueAnyHour_PromisesATimeWithinTheCallbackHours(string now, string due, string promised)
    {
        var by = CallbackPromise.By(Local(due), Local(now), Shanghai, new TimeOnly(8, 0), new TimeOnly(21, 0));

        Assert.Equal(Local(promised), by);
        Assert.Equal(China, by.Offset);
    }

    [Fact]
    public void By_DueGivenInUtc_ComparedAndQuotedInTheCustomersZone()
    {
        // 22:25 UTC is 06:25 the next morning in Shanghai.
        var due = new DateTimeOffset(2026, 12, 5, 22, 25, 0, TimeSpan.Zero);
        var now = new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);

        Assert.Equal(Local("2026-12-05 21:00"), CallbackPromise.By(due, now, Shanghai, new TimeOnly(8, 0), new TimeOnly(21, 0)));
    }

    private static DateTimeOffset Local(string text) =>
        new(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), China);
}
