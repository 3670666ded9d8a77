using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.DemoData;

internal static class DemoDataSetup
{
    public static WebApplicationBuilder AddDemoData(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoDataOptions>(DemoDataOptions.Section, o => o.Validate());
        builder.Services.AddScoped<DemoDataSeeder>();
        builder.Services.AddScoped<BenchAgentSeeder>();
        builder.Services.AddScoped<DemoDataClock>();
        // After the initial profile evaluation (registered by AddProfiles): complaints need the tier at creation.
        builder.Services.AddScoped<IStartupStep, DemoComplaints>();
        return builder;
    }
}
