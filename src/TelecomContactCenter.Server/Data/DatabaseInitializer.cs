using TelecomContactCenter.Server.DemoData;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// Runs before the server accepts requests (hosted services start before Kestrel): migrates the schema, seeds demo
/// data into an empty database, and evaluates every profile once so the first lookup is served from a snapshot.
/// </summary>
internal sealed class DatabaseInitializer(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<DemoDataOptions> demo)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseSchema>().MigrateAsync(cancellationToken);
        if (demo.Value.Enabled)
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
        }

        foreach (var step in services.GetServices<IStartupStep>())
        {
            await step.RunAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Work that must finish after the schema and demo data exist and before requests are served.</summary>
internal interface IStartupStep
{
    Task RunAsync(CancellationToken cancellationToken);
}
