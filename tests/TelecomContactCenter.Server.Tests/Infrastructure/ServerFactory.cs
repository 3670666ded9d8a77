using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TelecomContactCenter.Server.Tests.Infrastructure;

/// <summary>The real host on a real database with a small demo population, on the clock the test chooses.</summary>
public sealed class ServerFactory(IReadOnlyDictionary<string, string?> settings, TimeProvider clock)
    : WebApplicationFactory<Program>
{
    public const int DemoCustomers = 2_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DemoData:CustomerCount", DemoCustomers.ToString());
        // Every host also starts the SIP stack: ephemeral ports, so test classes running in parallel never collide.
        builder.UseSetting("Sip:Transport:UdpPort", "0");
        builder.UseSetting("Sip:Transport:TcpPort", "0");
        // Tests read a call's record as soon as the call ends; on a manual clock a gathering batch would never flush.
        builder.UseSetting("Telephony:RecordFlushDelay", "00:00:00");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        });
    }
}
