using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Server.Ivr.Callbacks;

namespace TelecomContactCenter.Server.Tests.Ivr;

public sealed class CallbackDueTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // main.json's contact-centre calendar: weekdays 08:00-22:00, weekends 09:00-18:00, at +08:00.
    private static readonly BusinessHours ContactCentre = new("contact-centre", Beijing,
        [
            new OpeningWindow([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(8, 0), new TimeOnly(22, 0)),
            new OpeningWindow([DayOfWeek.Saturday, DayOfWeek.Sunday], new TimeOnly(9, 0), new TimeOnly(18, 0)),
        ],
        []);

    [Theory]
    [InlineData("2026-11-08T23:00:00+08:00", "2026-11-09T08:00:00+08:00")] // Sunday night → Monday morning
    [InlineData("2026-11-09T06:30:00+08:00", "2026-11-09T08:00:00+08:00")] // Monday before opening → same day
    [InlineData("2026-11-13T22:00:00+08:00", "2026-11-14T09:00:00+08:00")] // Friday at closing → Saturday's later opening
    [InlineData("2026-11-08T18:30:00+08:00", "2026-11-09T08:00:00+08:00")] // Sunday after closing
    public void NextOpening_WhenClosed_IsTheNextWindowStart(string now, string expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var opening = CallbackDue.NextOpening(ContactCentre, at);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), opening);
    }

    [Fact]
    public void NextOpening_WhenOpen_IsNow()
    {
        var mondayMorning = new DateTimeOffset(2026, 11, 9, 10, 0, 0, Beijing);

        var opening = CallbackDue.NextOpening(ContactCentre, mondayMorning);

        Assert.Equal(mondayMorning, opening);
    }

    [Fact]
    public void NextOpening_NextDayIsAClosedDate_SkipsToTheDayAfter()
    {
        var withHoliday = ContactCentre with { ClosedDates = [new DateOnly(2026, 11, 9)] };

        var opening = CallbackDue.NextOpening(withHoliday, new DateTimeOffset(2026, 11, 8, 23, 0, 0, Beijing));

        Assert.Equal(new DateTimeOffset(2026, 11, 10, 8, 0, 0, Beijing), opening);
    }

    [Fact]
    public void NextOpening_CalendarWithoutWindows_IsNull()
    {
        var never = ContactCentre with { Windows = [] };

        var opening = CallbackDue.NextOpening(never, new DateTimeOffset(2026, 11, 8, 23, 0, 0, Beijing));

        Assert.Null(opening);
    }
}
