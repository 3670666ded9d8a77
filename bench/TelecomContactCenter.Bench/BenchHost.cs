using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.DemoData;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Routing;

namespace TelecomContactCenter.Bench;

/// <summary>
/// The server's own service registrations on a bench database: starting it migrates, seeds and evaluates a new
/// file exactly as the product does; lookups then go through the same scoped <see cref="CustomerLookup"/>.
/// </summary>
internal sealed class BenchHost(WebApplication app) : IAsyncDisposable
{
    public static async Task<BenchHost> StartAsync(string databasePath, int customers)
    {
        var builder = WebApplication.CreateBuilder(
        [
            $"--Database:SqlitePath={databasePath}", $"--DemoData:CustomerCount={customers}", "--Urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:TelecomContactCenter=Information",
            "--Profiles:BatchSize=5000", "--Logging:Console:TimestampFormat=HH:mm:ss.fff ",
        ]);
        builder.AddDatabase();
        builder.AddContactCenterAuth();
        builder.AddProfiles();
        builder.AddCustomers();
        builder.AddComplaints();
        builder.AddOffers();
        builder.AddCustomerSource();
        builder.AddCallRouting();
        builder.AddDemoData();
        var app = builder.Build();
        await app.StartAsync();
        return new BenchHost(app);
    }

    public async Task<int> LookupAsync(string phone)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var customer = await scope.ServiceProvider.GetRequiredService<CustomerLookup>().FindByPhoneAsync(phone, CancellationToken.None);
        return customer is null ? 0 : customer.Json.Length;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
