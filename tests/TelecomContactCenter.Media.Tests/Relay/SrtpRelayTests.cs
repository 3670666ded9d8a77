using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Media.Srtp;
using TelecomContactCenter.Media.Tests.Rtp;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Media.Tests.Relay;

/// <summary>
/// The relay between a caller leg on SRTP and an agent leg on plain RTP or SRTP, with the phones as raw sockets that
/// protect and unprotect with their own contexts: each leg uses its own keys, and what fails authentication or is
/// replayed never reaches the other leg.
/// </summary>
public sealed class SrtpRelayTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly RtpSession _callerLeg;
    private readonly RtpSession _agentLeg;
    private readonly Socket _callerPhone = RtpSessionTests.Bound();
    private readonly Socket _agentPhone = RtpSessionTests.Bound();
    private readonly RtpRelay _relay;
    private readonly SrtpMasterKey _callerPhoneKey = SrtpMasterKey.Generate();
    private readonly SrtpMasterKey _callerLegKey = SrtpMasterKey.Generate();
    private readonly SrtpMasterKey _agentPhoneKey = SrtpMasterKey.Generate();
    private readonly SrtpMasterKey _agentLegKey = SrtpMasterKey.Generate();
    private readonly SrtpContext _callerPhoneSends;

    public SrtpRelayTests()
    {
        _callerLeg = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "c", Ssrc = 1111 }, _time);
        _agentLeg = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "a", Ssrc = 2222 }, _time);
        _relay = new RtpRelay(_callerLeg, new AudioFormat(G711Law.MuLaw, 0, 101), _agentLeg, new AudioFormat(G711Law.MuLaw, 0, 101));
        _callerLeg.UseSrtp(send: _callerLegKey, receive: _callerPhoneKey);
        _callerPhoneSends = new SrtpContext(_callerPhoneKey);
        _callerLeg.SetRemote((IPEndPoint)_callerPhone.LocalEndPoint!);
        _agentLeg.SetRemote((IPEndPoint)_agentPhone.LocalEndPoint!);
        _callerLeg.Start();
        _agentLeg.Start();
    }

    [Fact]
    public async Task SrtpCallerToPlainAgent_AgentHearsThePlainAudio_AndTheCallerGetsTheAgentsAudioProtectedWithTheLegsKey()
    {
        byte[] callerAudio = [.. Enumerable.Range(0, 160).Select(i => (byte)i)];
        await _callerPhone.SendToAsync(Protected(seq: 10, timestamp: 800, callerAudio, ssrc: 42), _callerLeg.LocalRtpEndPoint);
        AssertRtp(await RtpSessionTests.ReceiveAsync(_agentPhone), 2222u, callerAudio);

        byte[] agentAudio = [.. Enumerable.Repeat((byte)0x55, 160)];
        await _agentPhone.SendToAsync(Plain(seq: 5, timestamp: 100, agentAudio, ssrc: 77), _agentLeg.LocalRtpEndPoint);
        var atCaller = await RtpSessionTests.ReceiveAsync(_callerPhone);

        Assert.Equal(12 + 160 + SrtpContext.TagLength, atCaller.Length);
        Assert.NotEqual(agentAudio, atCaller[12..172]);
        using var callerPhoneReceives = new SrtpContext(_callerLegKey);
        var length = atCaller.Length;
        Assert.Equal(SrtpStatus.Ok, callerPhoneReceives.Unprotect(atCaller, ref length));
        AssertRtp(atCaller[..length], 1111u, agentAudio);
    }

    [Fact]
    public async Task SrtpToSrtp_EachLegProtectsWithItsOwnKey()
    {
        _agentLeg.UseSrtp(send: _agentLegKey, receive: _agentPhoneKey);
        byte[] audio = [.. Enumerable.Repeat((byte)0x21, 160)];

        await _callerPhone.SendToAsync(Protected(seq: 1, timestamp: 0, audio, ssrc: 42), _callerLeg.LocalRtpEndPoint);
        var atAgent = await RtpSessionTests.ReceiveAsync(_agentPhone);

        using var withCallerKey = new SrtpContext(_callerPhoneKey);
        var length = atAgent.Length;
        Assert.Equal(SrtpStatus.AuthenticationFailed, withCallerKey.Unprotect(atAgent.ToArray(), ref length));
        using var withAgentLegKey = new SrtpContext(_agentLegKey);
        length = atAgent.Length;
        Assert.Equal(SrtpStatus.Ok, withAgentLegKey.Unprotect(atAgent, ref length));
        AssertRtp(atAgent[..length], 2222u, audio);
    }

    [Fact]
    public async Task ForgedAndReplayedPackets_AreCountedAndNeverForwarded()
    {
        var first = Protected(seq: 100, timestamp: 0, new byte[160], ssrc: 42);
        var forged = Protected(seq: 101, timestamp: 160, new byte[160], ssrc: 42);
        forged[20] ^= 0x01;
        var plain = Plain(seq: 102, timestamp: 320, new byte[160], ssrc: 42);
        var last = Protected(seq: 103, timestamp: 480, [.. Enumerable.Repeat((byte)0x7E, 160)], ssrc: 42);

        foreach (var datagram in new[] { first, forged, first, plain, last })
        {
            await _callerPhone.SendToAsync(datagram, _callerLeg.LocalRtpEndPoint);
        }

        var one = await RtpSessionTests.ReceiveAsync(_agentPhone);
        var two = await RtpSessionTests.ReceiveAsync(_agentPhone);
        Assert.Equal((byte)0, one[12]);
        Assert.Equal((byte)0x7E, two[12]);
        Assert.Equal(0, _agentPhone.Available);
        Assert.Equal(2, _relay.ForwardedToAgent);
        Assert.Equal(2, _callerLeg.SrtpAuthenticationFailures);
        Assert.Equal(1, _callerLeg.SrtpReplaysDropped);
    }

    [Fact]
    public async Task RtcpOnAnSrtpLeg_IsSrtcp()
    {
        using var phoneRtcp = RtpSessionTests.Bound();
        _callerLeg.SetRemote((IPEndPoint)_callerPhone.LocalEndPoint!, (IPEndPoint)phoneRtcp.LocalEndPoint!);

        _callerLeg.SendRtcpReport();
        var report = await RtpSessionTests.ReceiveAsync(phoneRtcp);

        Assert.Equal(0x80, report[^(SrtpContext.RtcpOverhead)] & 0x80); // E: the compound after the first header is encrypted
        using var callerPhoneReceives = new SrtpContext(_callerLegKey);
        var length = report.Length;
        Assert.Equal(SrtpStatus.Ok, callerPhoneReceives.UnprotectRtcp(report, ref length));
        Assert.True(RtcpCodec.TryParse(report.AsSpan(0, length), out var compound));
        Assert.Equal(1111u, compound.Reports[0].Ssrc);
    }

    public async ValueTask DisposeAsync()
    {
        _relay.Dispose();
        await _callerLeg.DisposeAsync();
        await _agentLeg.DisposeAsync();
        _callerPhone.Dispose();
        _agentPhone.Dispose();
        _callerPhoneSends.Dispose();
    }

    private static void AssertRtp(byte[] datagram, uint ssrc, byte[] payload)
    {
        Assert.True(RtpPacket.TryParse(datagram, out var packet));
        Assert.Equal((0, ssrc), (packet.PayloadType, packet.Ssrc));
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    private static byte[] Plain(ushort seq, uint timestamp, byte[] payload, uint ssrc)
    {
        var buffer = new byte[1500];
        var length = new RtpHeader(0, seq, timestamp, ssrc).Write(buffer, payload);
        return buffer[..length];
    }

    private byte[] Protected(ushort seq, uint timestamp, byte[] payload, uint ssrc)
    {
        var buffer = new byte[1500];
        var length = _callerPhoneSends.Protect(buffer, new RtpHeader(0, seq, timestamp, ssrc).Write(buffer, payload));
        return buffer[..length];
    }
}
