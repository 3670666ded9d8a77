using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>
/// The one row of demo_data_clock: when the demo population was generated (UTC ticks). <see cref="DemoDataClock"/>
/// reads and writes it with SQL; it is mapped so the model, and so the migrations, describe the table.
/// </summary>
internal sealed class DemoDataClockRow
{
    public int Id { get; set; }

    public long GeneratedAtTicks { get; set; }
}

internal sealed class DemoDataClockRowConfiguration : IEntityTypeConfiguration<DemoDataClockRow>
{
    public void Configure(EntityTypeBuilder<DemoDataClockRow> builder)
    {
        builder.ToTable("demo_data_clock");
        // The key keeps the name PostgreSQL gave it when the table was created by the pre-EF scripts.
        builder.HasKey(r => r.Id).HasName("demo_data_clock_pkey");
        builder.Property(r => r.Id).ValueGeneratedNever();
    }
}
