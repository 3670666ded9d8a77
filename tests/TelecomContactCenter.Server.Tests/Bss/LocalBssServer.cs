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

    /// <summary>Answers 200 with a tier the contract does not have.</summary>
    OutsideContract,
}

/// <summary>A real Kestrel server on an ephemeral port playing the operator's BSS customer API.</summary>
public sealed class LocalBssServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LocalBssServer(WebApplication app, BssBehaviour behaviour)
    {
        _app = app;
        Behaviour = behaviour;
    }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How the server answers from now on (a BSS that recovers, or starts failing).</summary>
    public BssBehaviour Behaviour { get; set; }

    /// <summary>The Authorization header of the last request, if any.</summary>
    public string? LastAuthorization { get; private set; }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<LocalBssServer> StartAsync(BssBehaviour behaviour)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalBssServer(app, behaviour);
        app.MapGet("/bss/customers/{phone}", async (string phone, HttpContext context) =>
        {
            Interlocked.Increment(ref server._requests);
            server.LastAuthorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null;
            switch (server.Behaviour)
            {
                case BssBehaviour.Hanging:
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    return Results.StatusCode(200);
                case BssBehaviour.Failing:
                    return Results.StatusCode(500);
                case BssBehaviour.OutsideContract:
                    return Results.Json(new
                    {
                        id = 78,
                        phone,
                        name = "BSS VIP",
                        tier = "Diamond",
                        tierReason = "",
                        lifecycleStage = "Maturity",
                        stageReason = "",
                        churnBand = "low",
                        clv = 1m,
                        accountManager = (string?)null,
                    });
                default:
                    return phone == "+8613800000001"
                        ? Results.Json(new
                        {
                            id = 77,
                            phone,
                            name = "BSS Platinum",
                            tier = "platinum",
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
