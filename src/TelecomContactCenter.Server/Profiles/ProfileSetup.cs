using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Offers;

namespace TelecomContactCenter.Server.Profiles;

internal static class ProfileSetup
{
    public static WebApplicationBuilder AddProfiles(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ProfileOptions>(ProfileOptions.Section, o => o.Validate());
        services.AddValidatedOptions<TieringOptions>(TieringOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<LifecycleOptions>(LifecycleOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<ChurnOptions>(ChurnOptions.SectionName, o => o.Validate());
        services.AddSingleton<PopulationStatisticsCache>();
        services.AddScoped<ProfileEvaluator>();
        services.AddScoped<IStartupStep, InitialProfileEvaluation>();
        services.AddSingleton<ProfileEvaluationStatus>();
        services.AddHostedService<ProfileRefreshService>();
        return builder;
    }

    /// <summary>Evaluates every profile at start when any customer lacks one (fresh seed or import).</summary>
    private sealed class InitialProfileEvaluation(ContactCenterDbContext db, ProfileEvaluator evaluator) : IStartupStep
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var customers = await db.Customers.CountAsync(cancellationToken);
            var profiles = await db.CustomerProfiles.CountAsync(cancellationToken);
            if (customers != profiles)
            {
                await evaluator.EvaluateAllAsync(cancellationToken);
            }
        }
    }
}
