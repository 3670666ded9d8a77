using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Bss;

internal static class BssSetup
{
    public static WebApplicationBuilder AddCustomerSource(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<BssOptions>(BssOptions.Section, o => o.Validate());
        services.AddSingleton<BssResiliencePipeline>();
        services.AddScoped<LocalCustomerSource>();
        services.AddHttpClient<RestBssCustomerSource>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<BssOptions>>().Value;
            if (options.BaseUrl is not null)
            {
                http.BaseAddress = new Uri(options.BaseUrl.ToString().TrimEnd('/') + "/");
            }

            // Backstop only: the pipeline's total timeout is the real bound.
            http.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(1);
        });
        services.AddScoped<ICustomerSource>(sp =>
            sp.GetRequiredService<IOptions<BssOptions>>().Value.Source == CustomerSourceKind.Rest
                ? sp.GetRequiredService<RestBssCustomerSource>()
                : sp.GetRequiredService<LocalCustomerSource>());
        return builder;
    }
}
