namespace TelecomContactCenter.Server.DemoData;

internal static class DemoDataSetup
{
    public static WebApplicationBuilder AddDemoData(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoDataOptions>(DemoDataOptions.Section, o => o.Validate());
        builder.Services.AddScoped<DemoDataSeeder>();
        return builder;
    }
}
