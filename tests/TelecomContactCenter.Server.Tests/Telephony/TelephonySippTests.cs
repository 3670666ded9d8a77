using System.Net;
using System.Net.Sockets;
using System.Text;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Telephony;

/// <summary>The host's SIP side against real sipp callers and phones: redirect, IVR number, registrar, protection.</summary>
public sealed class TelephonySippTests(TelephonyFixture fixture) : IClassFixture<TelephonyFixture>
{
    [Fact]
    public async Task Redirect_AssertedPlatinumCallerFromTrustedTrunk_Gets302ToVipDeskWithRoutingHeaders()
    {
        var run = await Sipp.RunAsync("redirect-asserted.xml", fixture.Udp,
            ["-s", "10001", "-key", "caller", "13900000099", "-key", "asserted", "+8613800000001", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Contains("X-Customer-Tier: Platinum", run.Messages);
        Assert.Contains("X-Lifecycle-Stage: Maturity", run.Messages);
        Assert.Contains("Contact: <sip:vip-desk@127.0.0.1>", run.Messages);
        Assert.Contains("X-Routing-Reason: Platinum", run.Messages);
        var record = await fixture.RecordAsync(TelephonyFixture.CallIdOf(run));
        Assert.Equal(("+8613800000001", "NetworkAsserted", "PAssertedIdentity"), (record.CallerE164, record.IdentityConfidence, record.IdentitySource));
        Assert.Equal(("10001", "routing-only", 302, "vip-desk"), (record.AccessNumber, record.Mode, record.StatusCode, record.TargetQueue));
        Assert.StartsWith("Platinum", record.Reason);
        Assert.True(record.Priority > 0, $"priority {record.Priority}");
        Assert.Contains($"X-Queue-Priority: {record.Priority}", run.Messages);
        Assert.NotNull(record.CustomerId);
    }

    [Fact]
    public async Task Redirect_FromOnlyStandardCaller_Gets302ToGeneralQueueAsStandard()
    {
        var run = await Sipp.RunAsync("redirect-from.xml", fixture.Udp, ["-s", "10001", "-key", "caller", "+8613800000004", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Contains("X-Customer-Tier: Standard", run.Messages);
        Assert.Contains("X-Lifecycle-Stage: Acquisition", run.Messages);
        Assert.Contains("Contact: <sip:general@127.0.0.1>", run.Messages);
        var record = await fixture.RecordAsync(TelephonyFixture.CallIdOf(run));
        Assert.Equal(("+8613800000004", "UserProvided", "From"), (record.CallerE164, record.IdentityConfidence, record.IdentitySource));
        Assert.Equal("Standard", record.Tier);
    }

    [Fact]
    public async Task Invite_IvrNumberWithoutFlow_Gets480WithRetryAfterAndIsRecorded()
    {
        var run = await Sipp.RunAsync("invite-unavailable.xml", fixture.Udp, ["-s", "10009", "-key", "caller", "+8613800000003", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Contains("Retry-After: 60", run.Messages);
        var record = await fixture.RecordAsync(TelephonyFixture.CallIdOf(run));
        Assert.Equal(("10009", "ivr", 480), (record.AccessNumber, record.Mode, record.StatusCode));
    }

    [Fact]
    public async Task Invite_UnknownAccessNumber_Gets404()
    {
        var run = await Sipp.RunAsync("invite-unknown.xml", fixture.Udp, ["-s", "55555", "-key", "caller", "+8613800000003", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        var record = await fixture.RecordAsync(TelephonyFixture.CallIdOf(run));
        Assert.Equal(404, record.StatusCode);
    }

    [Fact]
    public async Task Register_Agent1WithDigestAgainstDatabaseCredentials_Gets200()
    {
        var run = await Sipp.RunAsync("register-digest.xml", fixture.Udp, ["-s", "agent1", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Contains("algorithm=MD5", run.Messages);
        Assert.Contains("SIP/2.0 200", run.Messages);
    }

    [Fact]
    public async Task Register_WrongPassword_Gets401ThenForbiddenAfterTheLimit()
    {
        var run = await Sipp.RunAsync("register-wrong-password.xml", fixture.Udp, ["-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Contains("SIP/2.0 403", run.Messages);
    }

    [Fact]
    public async Task Options_KeepAlive_Gets200()
    {
        var run = await Sipp.RunAsync("options.xml", fixture.Udp, ["-s", "10000", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
    }

    [Fact]
    public async Task Invite_FromUntrustedAddress_Gets403OnceAndIsNotRecorded()
    {
        var run = await Sipp.RunAsync("invite-forbidden.xml", fixture.Udp, ["-s", "10001", "-key", "caller", "+8613800000001", "-m", "1"],
            localIp: "127.0.0.2");
        var admitted = await Sipp.RunAsync("redirect-from.xml", fixture.Udp, ["-s", "10001", "-key", "caller", "+8613800000004", "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.DoesNotContain("SIP/2.0 100", run.Messages);
        Assert.True(admitted.ExitCode == 0 && admitted.Successful == 1, admitted.Describe());
        await fixture.RecordAsync(TelephonyFixture.CallIdOf(admitted));
        Assert.False(await fixture.HasRecordAsync(TelephonyFixture.CallIdOf(run)));
    }

    [Fact]
    public async Task Redirect_DuringMalformedDatagramFlood_EveryCallCompletesAndHealthzAnswers()
    {
        using var http = fixture.Factory.CreateClient();
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var healthy = 0;
        var flood = Task.Run(async () =>
        {
            var random = new Random(4475);
            var garbage = new byte[600];
            while (!stop.IsCancellationRequested && sent < 30_000)
            {
                random.NextBytes(garbage);
                await flooder.SendAsync(sent % 3 == 0 ? Truncated(sent) : garbage, fixture.Udp);
                if (++sent % 20 == 0)
                {
                    await Task.Yield();
                }
            }
        });
        var probes = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await http.GetAsync("/healthz");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                healthy++;
                await Task.Delay(100);
            }
        });

        var run = await Sipp.RunAsync("redirect-from.xml", fixture.Udp,
            ["-s", "10001", "-key", "caller", "+8613800000002", "-m", "200", "-r", "100", "-l", "50"]);
        await stop.CancelAsync();
        await flood;
        await probes;

        Assert.True(run.ExitCode == 0 && run.Successful == 200 && run.Failed == 0, run.Describe());
        Assert.True(sent > 1_000, $"only {sent} datagrams were sent");
        Assert.True(healthy > 3, $"only {healthy} health probes were answered");
        Assert.True(fixture.Stack.Statistics.MalformedDropped + fixture.Stack.Statistics.MalformedAnswered > 500);
    }

    // A well-framed start with a broken header section: enough for a 400 when the parser can form one.
    private static byte[] Truncated(int index) => Encoding.ASCII.GetBytes(
        $"INVITE sip:10001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKflood{index}\r\nFrom: <sip:x@y>;tag=f\r\n" +
        $"To: broken <<\r\nCall-ID: flood{index}\r\nCSeq: x INVITE\r\nContent-Length: 99\r\n\r\n");
}
