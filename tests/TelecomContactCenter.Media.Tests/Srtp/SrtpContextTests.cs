using System.Security.Cryptography;
using TelecomContactCenter.Media.Srtp;

namespace TelecomContactCenter.Media.Tests.Srtp;

/// <summary>SRTP/SRTCP with AES_CM_128_HMAC_SHA1_80 against the published vectors (RFC 3711 Appendix B.2 and B.3, and
/// the libsrtp reference packets made with the B.3 master key), plus the receiver's ROC and replay rules.</summary>
public sealed class SrtpContextTests
{
    private static readonly SrtpMasterKey Rfc3711Master = new(
        Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139"), Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6"));

    [Fact]
    public void The_AES_CM_keystream_matches_RFC_3711_B2()
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");
        var keystream = new byte[48];
        AesCounterMode.Apply(aes, Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);
        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(keystream));
    }

    [Fact]
    public void Session_keys_derive_as_in_RFC_3711_B3()
    {
        var keys = SrtpSessionKeys.Derive(Rfc3711Master, rtcp: false);
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(keys.CipherKey));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(keys.Salt));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(keys.AuthKey));
        Assert.StartsWith(
            "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE",
            Convert.ToHexString(SrtpSessionKeys.Prf(Rfc3711Master, 1, 94)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_RTP_packet_is_protected_into_the_reference_SRTP_packet_and_back()
    {
        var buffer = new byte[64];
        Convert.FromHexString("800F1234DECAFBADCAFEBABE" + string.Concat(Enumerable.Repeat("AB", 16))).CopyTo(buffer, 0);
        using var sender = new SrtpContext(Rfc3711Master);
        var length = sender.Protect(buffer, 28);
        Assert.Equal(
            "800F1234DECAFBADCAFEBABE4E55DC4CE79978D88CA4D215949D2402B78D6ACC99EA179B8DBB",
            Convert.ToHexString(buffer, 0, length));

        using var receiver = new SrtpContext(Rfc3711Master);
        Assert.Equal(SrtpStatus.Ok, receiver.Unprotect(buffer, ref length));
        Assert.Equal("800F1234DECAFBADCAFEBABE" + string.Concat(Enumerable.Repeat("AB", 16)), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void An_RTCP_packet_is_protected_into_the_reference_SRTCP_packet_and_back()
    {
        var buffer = new byte[64];
        Convert.FromHexString("81C8000BCAFEBABE" + string.Concat(Enumerable.Repeat("AB", 16))).CopyTo(buffer, 0);
        using var sender = new SrtpContext(Rfc3711Master);
        var length = sender.ProtectRtcp(buffer, 24);
        Assert.Equal(
            "81C8000BCAFEBABE7128035BE487B9BDBEF89041F977A5A880000001993E08CD54D6C1230798",
            Convert.ToHexString(buffer, 0, length));

        using var receiver = new SrtpContext(Rfc3711Master);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer, ref length));
        Assert.Equal("81C8000BCAFEBABE" + string.Concat(Enumerable.Repeat("AB", 16)), Convert.ToHexString(buffer, 0, length));
        var again = Protected(sender, 24, rtcp: true);
        var againLength = again.Length;
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(again, ref againLength));
        var replayed = again.ToArray();
        Convert.FromHexString("81C8000BCAFEBABE7128035BE487B9BDBEF89041F977A5A880000001993E08CD54D6C1230798").CopyTo(replayed, 0);
        var replayedLength = 38;
        Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtcp(replayed, ref replayedLength));
    }

    [Fact]
    public void A_tampered_packet_or_one_under_another_key_is_refused()
    {
        using var sender = new SrtpContext(Rfc3711Master);
        var packet = Rtp(sequence: 7, payload: 0x55);
        var length = sender.Protect(packet, 172);
        packet[20] ^= 1;
        using var receiver = new SrtpContext(Rfc3711Master);
        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.Unprotect(packet, ref length));

        using var stranger = new SrtpContext(SrtpMasterKey.Generate());
        var other = Rtp(sequence: 8, payload: 0x55);
        var otherLength = stranger.Protect(other, 172);
        Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.Unprotect(other, ref otherLength));
    }

    [Fact]
    public void A_replayed_or_too_old_packet_is_refused_and_a_late_one_inside_the_window_accepted()
    {
        using var sender = new SrtpContext(Rfc3711Master);
        using var receiver = new SrtpContext(Rfc3711Master);
        var sent = new Dictionary<ushort, byte[]>();
        for (ushort sequence = 100; sequence < 200; sequence++)
        {
            var packet = Rtp(sequence, (byte)sequence);
            sender.Protect(packet, 172);
            sent[sequence] = packet;
        }

        Assert.Equal(SrtpStatus.Ok, Receive(receiver, sent[100]));
        Assert.Equal(SrtpStatus.Replayed, Receive(receiver, sent[100]));
        Assert.Equal(SrtpStatus.Ok, Receive(receiver, sent[190]));
        Assert.Equal(SrtpStatus.Ok, Receive(receiver, sent[150]));
        Assert.Equal(SrtpStatus.Replayed, Receive(receiver, sent[150]));
        Assert.Equal(SrtpStatus.Replayed, Receive(receiver, sent[120]));
    }

    [Fact]
    public void The_rollover_counter_follows_the_sequence_number_through_its_wrap()
    {
        using var sender = new SrtpContext(Rfc3711Master);
        using var receiver = new SrtpContext(Rfc3711Master);
        var sequence = (ushort)65_530;
        for (var i = 0; i < 20; i++, sequence++)
        {
            var packet = Rtp(sequence, (byte)i);
            var length = sender.Protect(packet, 172);
            Assert.Equal(SrtpStatus.Ok, receiver.Unprotect(packet, ref length));
            Assert.Equal(172, length);
            Assert.All(packet.AsSpan(12, 160).ToArray(), b => Assert.Equal((byte)i, b));
        }
    }

    [Fact]
    public void Protection_hides_the_payload_and_leaves_the_header()
    {
        using var sender = new SrtpContext(SrtpMasterKey.Generate());
        var packet = Rtp(sequence: 1, payload: 0xD5);
        var length = sender.Protect(packet, 172);
        Assert.Equal(182, length);
        Assert.Equal(Rtp(1, 0xD5).AsSpan(0, 12).ToArray(), packet.AsSpan(0, 12).ToArray());
        Assert.True(packet.AsSpan(12, 160).ToArray().Count(b => b == 0xD5) < 20);
    }

    [Fact]
    public void An_SDES_inline_key_round_trips_and_a_wrong_length_is_refused()
    {
        var key = SrtpMasterKey.Generate();
        var read = SrtpMasterKey.FromInline(key.ToInline());
        Assert.NotNull(read);
        Assert.Equal(key.Key.ToArray(), read.Key.ToArray());
        Assert.Equal(key.Salt.ToArray(), read.Salt.ToArray());
        Assert.Null(SrtpMasterKey.FromInline(Convert.ToBase64String(new byte[29])));
        Assert.Null(SrtpMasterKey.FromInline("not base64!"));
    }

    private static SrtpStatus Receive(SrtpContext receiver, byte[] packet)
    {
        var copy = packet.ToArray();
        var length = 182;
        return receiver.Unprotect(copy, ref length);
    }

    private static byte[] Protected(SrtpContext sender, int length, bool rtcp)
    {
        var buffer = new byte[64];
        Convert.FromHexString("81C8000BCAFEBABE" + string.Concat(Enumerable.Repeat("AB", 16))).CopyTo(buffer, 0);
        var protectedLength = rtcp ? sender.ProtectRtcp(buffer, length) : sender.Protect(buffer, length);
        return buffer[..protectedLength];
    }

    /// <summary>A 20 ms PCMA packet (payload type 8) of one repeated octet, with room for the tag.</summary>
    private static byte[] Rtp(ushort sequence, byte payload)
    {
        var packet = new byte[200];
        packet[0] = 0x80;
        packet[1] = 8;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet[8] = 0x12;
        packet[11] = 0x34;
        packet.AsSpan(12, 160).Fill(payload);
        return packet;
    }
}
