using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Server.Tests.Ivr;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// The bridge host with SIP over TLS (a test CA made by openssl) and <c>Media:Srtp</c> set to
/// <see cref="SrtpPolicy"/>.
/// </summary>
public class SrtpBridgeHost : BridgeHost
{
    private readonly TestCertificates _certificates = TestCertificates.CreateAsync().GetAwaiter().GetResult();
    private int _disposed;

    protected virtual string SrtpPolicy => "Optional";

    public IPEndPoint Tls => Services.GetRequiredService<SipStack>().TlsEndPoint!;

    public string CaPath => _certificates.CaPath;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sip:Transport:TlsPort", "0");
        builder.UseSetting("Sip:Transport:TlsCertificatePath", _certificates.CertificatePath);
        builder.UseSetting("Sip:Transport:TlsPrivateKeyPath", _certificates.KeyPath);
        builder.UseSetting("Media:Srtp", SrtpPolicy);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _certificates.Dispose();
        }
    }
}

/// <summary>The same host with <c>Media:Srtp</c> Required.</summary>
public sealed class RequiredSrtpBridgeHost : SrtpBridgeHost
{
    protected override string SrtpPolicy => "Required";
}

/// <summary>
/// baresip 1.0 as agent1's phone over SIP over TLS with SDES-SRTP (<c>mediaenc=srtp</c>), a sipp caller on plain RTP
/// over UDP: the relay translates between the plain caller leg and the SRTP agent leg, and the tone baresip sends comes
/// back to it through the caller's echo, so audio crossed the SRTP leg both ways. baresip then holds and resumes the
/// call over TLS (re-INVITEs carrying its key); the caller sees both, and the agent leg is still SRTP after them.
/// </summary>
public sealed class BridgeSrtpTests(SrtpBridgeHost host) : IClassFixture<SrtpBridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCall_BaresipOverTlsWithSrtp_AudioCrossesTheSrtpLegBothWaysAndSurvivesHold()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        await using var phone = BaresipPhone.Start(host.Tls, "agent1", ServerFixture.Password, ";mediaenc=srtp", "tls", host.CaPath);
        await phone.WaitForAsync(@"200 OK.*\[1 binding\]", Patience);

        var caller = Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeBaresipTests.HeldCaller(hangUpAfterResumeMs: 5000)), host.Udp,
            ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "60s", "-rtp_echo"], deadline: TimeSpan.FromSeconds(90));
        var pop = await agent1.NextAsync("ScreenPop", wait: Patience);
        await phone.WaitForAsync("Call established", Patience);
        var callId = new CallId(pop.GetProperty("callId").GetString()!);
        var call = host.Bridge.Find(callId);
        await UntilAsync(() => call?.Relay is { ForwardedToAgent: > 100, ForwardedToCaller: > 100 } && phone.LoudestHeardSample() > 1000,
            () => $"relayed to agent {call?.Relay?.ForwardedToAgent}, to caller {call?.Relay?.ForwardedToCaller}, heard {phone.LoudestHeardSample()}\n{phone.Tail()}");
        var agentLeg = call!.Agent!.Media.Session;
        var callerLeg = call.CallerMedia!.Session;
        var (srtp, plain, failures) = (agentLeg.IsSrtp, !callerLeg.IsSrtp, agentLeg.SrtpAuthenticationFailures);
        await phone.PressAsync('x');
        await phone.WaitForAsync("call: hold", Patience);
        await phone.PressAsync('X');
        await phone.WaitForAsync("call: resume", Patience);
        var beforeResume = call.Relay!.ForwardedToCaller;
        await UntilAsync(() => call.Relay!.ForwardedToCaller > beforeResume + 50, () => $"after resume: {call.Relay!.ForwardedToCaller - beforeResume}\n{phone.Tail()}");
        var (srtpAfterResume, failuresAfterResume) = (agentLeg.IsSrtp, agentLeg.SrtpAuthenticationFailures);
        var run = await caller;
        await phone.WaitForAsync("terminated", Patience);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe() + "\n" + phone.Tail());
        Assert.Contains("a=sendonly", run.Messages, StringComparison.Ordinal);
        Assert.True(srtpAfterResume, "the agent leg fell back to plain RTP after hold and resume");
        Assert.Equal(0, failuresAfterResume);
        Assert.True(srtp && plain, $"agent leg SRTP {srtp}, caller leg plain {plain}");
        Assert.Equal(0, failures);
        Assert.Contains("srtp", phone.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task UntilAsync(Func<bool> condition, Func<string> describe)
    {
        var giveUp = DateTimeOffset.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < giveUp, describe());
            await Task.Delay(50);
        }
    }

    public void Dispose() => _scenarios.Dispose();
}

/// <summary>Media:Srtp Required: a caller offering plain RTP over UDP is refused with 488 and gets no key.</summary>
public sealed class RequiredSrtpTests(RequiredSrtpBridgeHost host) : IClassFixture<RequiredSrtpBridgeHost>, IDisposable
{
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlainOffer_UnderRequired_Gets488()
    {
        var run = await Sipp.RunAsync(_scenarios.Write("plain.xml", IvrScenarios.PlainOfferRefused()), host.Udp,
            ["-s", "10000", "-key", "caller", "+8613800000001", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.DoesNotContain("a=crypto", run.Messages, StringComparison.Ordinal);
    }

    public void Dispose() => _scenarios.Dispose();
}
