using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Tests.Integration;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

public sealed class SipServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, bool registrar = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<ISipRequestHandler, AccessNumberHandler>();
        services.AddSipStack();
        if (registrar)
        {
            services.AddSingleton<TelecomContactCenter.Sip.Authentication.ISipCredentialStore>(new NoCredentials());
            TelecomContactCenter.Sip.Registrar.RegistrarServiceCollectionExtensions.AddSipRegistrar(services);
        }

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Options_AllowHeader_ListsRegisterOnlyWhenARegistrarServesIt(bool registrar)
    {
        await using var provider = Build(new() { ["Sip:Transport:UdpPort"] = "0", ["Sip:Transport:TcpPort"] = "0" }, registrar);
        var stack = provider.GetRequiredService<SipStack>();
        await stack.StartAsync(CancellationToken.None);
        using var client = new RawSipClient(stack.UdpEndPoint);

        await client.SendAsync(client.Request("OPTIONS", "allow", 1));
        var allow = (await client.ReceiveAsync()).Headers.Get("Allow")!;

        Assert.Equal(registrar, allow.Contains("REGISTER", StringComparison.Ordinal));
        Assert.Contains("INVITE", allow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSipStack_UdpWorkersOutOfRange_FailsNamingTheKey()
    {
        await using var provider = Build(new() { ["Sip:Transport:UdpWorkers"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IOptions<SipStackOptions>>().Value);

        Assert.Contains("Sip:Transport:UdpWorkers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSipStack_BadAddress_FailsNamingTheKey()
    {
        await using var provider = Build(new() { ["Sip:Transport:Address"] = "not-an-ip" });

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IOptions<SipStackOptions>>().Value);

        Assert.Contains("Sip:Transport:Address", error.Message, StringComparison.Ordinal);
    }

    private sealed class NoCredentials : TelecomContactCenter.Sip.Authentication.ISipCredentialStore
    {
        public ValueTask<TelecomContactCenter.Sip.Authentication.SipCredential?> FindAsync(string userName, CancellationToken ct) =>
            ValueTask.FromResult<TelecomContactCenter.Sip.Authentication.SipCredential?>(null);
    }
}
