using TelecomContactCenter.Core.Complaints;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class BusinessCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly BusinessCalendar _calendar = BusinessCalendar.From(new SlaOptions { Holidays = [new DateOnly(2026, 11, 11)] });

    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, Beijing);

    [Theory]
    [InlineData(2, 10, 2, 12, 2)]
    [InlineData(2, 8, 2, 10, 1)]
    [InlineData(2, 17, 3, 10, 2)]
    [InlineData(6, 17, 9, 10, 2)]
    [InlineData(7, 10, 8, 17, 0)]
    [InlineData(2, 9, 6, 18, 45)]
    [InlineData(10, 17, 12, 10, 2)]
    public void BusinessTimeBetween_SkipsNightsWeekendsAndHolidays(int fromDay, int fromHour, int toDay, int toHour, double hours)
    {
        var span = _calendar.BusinessTimeBetween(Local(fromDay, fromHour), Local(toDay, toHour));

        Assert.Equal(TimeSpan.FromHours(hours), span);
    }

    [Theory]
    [InlineData(2, 10, 4, 2, 14)]
    [InlineData(2, 16, 4, 3, 11)]
    [InlineData(6, 17, 2, 9, 10)]
    [InlineData(7, 12, 1, 9, 10)]
    [InlineData(10, 17, 2, 12, 10)]
    [InlineData(2, 20, 9, 3, 18)]
    public void AddBusinessTime_RollsOverClosedHours(int fromDay, int fromHour, double hours, int dueDay, int dueHour)
    {
        var due = _calendar.AddBusinessTime(Local(fromDay, fromHour), TimeSpan.FromHours(hours));

        Assert.Equal(Local(dueDay, dueHour), due);
    }

    [Fact]
    public void BusinessTimeBetween_ReversedInstants_Zero()
    {
        Assert.Equal(TimeSpan.Zero, _calendar.BusinessTimeBetween(Local(3, 12), Local(2, 12)));
    }

    [Fact]
    public void From_UtcOffsetOption_MeasuresInThatZone()
    {
        var utc = BusinessCalendar.From(new SlaOptions { UtcOffset = "+00:00" });

        var span = utc.BusinessTimeBetween(Local(2, 10), Local(2, 18));

        Assert.Equal(TimeSpan.FromHours(1), span);
    }
}
