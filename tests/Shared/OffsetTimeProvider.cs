namespace TelecomContactCenter.Testing;

/// <summary>
/// Real time moved to a chosen wall-clock instant: <see cref="GetUtcNow"/> starts at <c>start</c> and advances with
/// the system clock, while timestamps and timers stay the system's. For tests of real SIP and RTP (whose timers must
/// run) against rules that depend on the calendar, such as business hours.
/// </summary>
public sealed class OffsetTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
