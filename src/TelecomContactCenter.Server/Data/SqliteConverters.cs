using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TelecomContactCenter.Server.Data;

internal sealed class UtcTicksConverter()
    : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>Money with two decimals as an integer count of fen/cents, so SUM and ORDER BY work in SQLite.</summary>
internal sealed class MinorUnitsConverter()
    : ValueConverter<decimal, long>(v => (long)decimal.Round(v * 100m), v => v / 100m);
