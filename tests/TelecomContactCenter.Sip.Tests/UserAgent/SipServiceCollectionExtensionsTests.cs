using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Tests.Integration;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

public sealed class SipServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<ISipRequestHandler, AccessNumberHandler>();
        services.AddSipStack();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddSipStack_EphemeralPortsConfigured_HostedServiceStartsListening()
    {
        await using var provider = Build(new() { ["Sip:Transport:UdpPort"] = "0", ["Sip:Transport:TcpPort"] = "0" });
        var hosted = provider.GetServices<IHostedService>().Single();

        await hosted.StartAsync(CancellationToken.None);
        var stack = provider.GetRequiredService<SipStack>();
        var udpPort = stack.UdpEndPoint.Port;
        await hosted.StopAsync(CancellationToken.None);

        Assert.NotEqual(0, udpPort);
    }

    [Fact]
    public async Task AddSipStack_BadAddress_FailsNamingTheKey()
    {
        await using var provider = Build(new() { ["Sip:Transport:Address"] = "not-an-ip" });

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IOptions<SipStackOptions>>().Value);

        Assert.Contains("Sip:Transport:Address", error.Message, StringComparison.Ordinal);
    }
}
