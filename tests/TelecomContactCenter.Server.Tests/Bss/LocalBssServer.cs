using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Server.Tests.Bss;

/// <summary>How the local BSS answers.</summary>
public enum BssBehaviour
{
    Healthy,
    Hanging,
    Failing,
}

/// <summary>A real Kestrel server on an ephemeral port playing the operator's BSS customer API.</summary>
public sealed class LocalBssServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LocalBssServer(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<LocalBssServer> StartAsync(BssBehaviour behaviour)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalBssServer(app);
        app.MapGet("/bss/customers/{phone}", async (string phone, HttpContext context) =>
        {
            Interlocked.Increment(ref server._requests);
            switch (behaviour)
            {
                case BssBehaviour.Hanging:
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    return Results.StatusCode(200);
                case BssBehaviour.Failing:
                    return Results.StatusCode(500);
                default:
                    return phone == "+8613800000001"
                        ? Results.Json(new
                        {
                            id = 77,
                            phone,
                            name = "BSS Platinum",
                            tier = "Platinum",
                            tierReason = "Platinum: BSS grade A",
                            lifecycleStage = "Maturity",
                            stageReason = "BSS",
                            churnBand = "Low",
                            clv = 1234.5m,
                            accountManager = "Ms Zhou",
                        })
                        : Results.NotFound();
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address + "/bss/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
