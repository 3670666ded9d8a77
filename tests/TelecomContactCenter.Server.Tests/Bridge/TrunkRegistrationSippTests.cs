using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>A bridge host that registers with its outbound trunk (Telephony:OutboundTrunkRegister) from start-up.</summary>
public sealed class RegisteringTrunkHost : BridgeHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Telephony:OutboundTrunkRegister", "true");
        builder.UseSetting("Telephony:OutboundTrunkRegisterExpiry", "00:10:00");
    }
}

/// <summary>
/// The service registers with a trunk (sipp as the registrar) that challenges with digest and verifies the answer:
/// the binding is the service's UDP contact for the trunk user, and the service records until when it holds.
/// </summary>
public sealed class TrunkRegistrationSippTests(RegisteringTrunkHost host) : IClassFixture<RegisteringTrunkHost>, IDisposable
{
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task StartUp_TrunkChallenges_TheServiceRegistersWithTheTrunkCredentials()
    {
        var registrar = await Sipp.RunAsync(_scenarios.Write("registrar.xml", Registrar(BridgeHost.TrunkUser, BridgeHost.TrunkPassword)), host.Udp,
            ["-p", host.TrunkPort, "-m", "1", "-timeout", "40s"]);
        var registration = host.Services.GetRequiredService<TrunkRegistration>();
        for (var wait = 0; wait < 100 && !registration.State.Registered; wait++)
        {
            await Task.Delay(50);
        }

        Assert.True(registrar.ExitCode == 0 && registrar.Successful == 1, registrar.Describe());
        Assert.Contains($"Contact: <sip:{BridgeHost.TrunkUser}@{host.Udp.Address}:{host.Udp.Port}>", registrar.Messages, StringComparison.Ordinal);
        Assert.Contains("Expires: 600", registrar.Messages, StringComparison.Ordinal);
        Assert.True(registration.State.Registered, registration.State.Detail);
        Assert.Contains("for 120 s", registration.State.Detail, StringComparison.Ordinal);
    }

    public void Dispose() => _scenarios.Dispose();

    /// <summary>Challenges the first REGISTER, verifies the digest of the second (a wrong one fails) and grants 120 s.</summary>
    private static string Registrar(string user, string password) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="trunk registrar with digest">
          <recv request="REGISTER" crlf="true" />
          {{CallbackScenarios.DigestChallenge()}}
          {{CallbackScenarios.Verified("REGISTER", user, password)}}
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag00[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              [last_Contact:];expires=120
              Content-Length: 0

            ]]>
          </send>
        </scenario>
        """;
}
