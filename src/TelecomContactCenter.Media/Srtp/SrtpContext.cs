using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TelecomContactCenter.Media.Srtp;

/// <summary>What <see cref="SrtpContext"/> made of a received packet.</summary>
public enum SrtpStatus
{
    Ok,

    /// <summary>Shorter than its header and tag, or not RTP/RTCP version 2.</summary>
    Malformed,

    /// <summary>The authentication tag did not match: forged, corrupted, or protected with another key.</summary>
    AuthenticationFailed,

    /// <summary>Already received, or older than the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,
}

/// <summary>
/// SRTP and SRTCP with AES_CM_128_HMAC_SHA1_80 (RFC 3711) for one direction of one media leg under one master key:
/// protect for what we send, unprotect for what we receive (SDES gives each direction its own key). Per SSRC it keeps
/// the rollover counter (estimated from sequence numbers as in §3.3.1, so a relay that re-protects another leg's
/// packets needs no counter of its own) and a 64-packet replay window. No MKI, key derivation rate 0. Thread-safe: one
/// lock per context; each packet is a few AES blocks and one HMAC.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    public const int TagLength = 10;

    /// <summary>SRTCP adds the E flag and 31-bit index, then the tag.</summary>
    public const int RtcpOverhead = 4 + TagLength;

    private const int WindowSize = 64;
    private const int RtcpHeaderLength = 8;

    private readonly Lock _gate = new();
    private readonly Aes _rtpCipher = Aes.Create();
    private readonly Aes _rtcpCipher = Aes.Create();
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly Dictionary<uint, ReplayState> _rtp = [];
    private readonly Dictionary<uint, ReplayState> _rtcp = [];
    private readonly Dictionary<uint, uint> _rtcpSent = [];

    public SrtpContext(SrtpMasterKey master)
    {
        ArgumentNullException.ThrowIfNull(master);
        var rtp = SrtpSessionKeys.Derive(master, rtcp: false);
        var rtcp = SrtpSessionKeys.Derive(master, rtcp: true);
        _rtpCipher.Key = rtp.CipherKey;
        _rtcpCipher.Key = rtcp.CipherKey;
        _rtpSalt = rtp.Salt;
        _rtcpSalt = rtcp.Salt;
#pragma warning disable CA5350 // HMAC-SHA1-80 is the authentication transform RFC 3711 and this crypto suite specify.
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtp.AuthKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtcp.AuthKey);
#pragma warning restore CA5350
    }

    /// <summary>
    /// Encrypts the payload of the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place and
    /// appends the tag; returns the SRTP length (<paramref name="length"/> + 10), or -1 when it is not an RTP packet or
    /// the buffer has no room for the tag.
    /// </summary>
    public int Protect(Span<byte> buffer, int length)
    {
        var header = RtpHeaderLength(buffer[..Math.Min(length, buffer.Length)]);
        if (header < 0 || buffer.Length < length + TagLength)
        {
            return -1;
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        lock (_gate)
        {
            var state = State(_rtp, ssrc, sequence);
            var index = state.Estimate(sequence);
            if (index < 0)
            {
                return -1;
            }

            state.Accept(index);
            _rtp[ssrc] = state;
            Crypt(_rtpCipher, _rtpSalt, ssrc, (ulong)index, buffer[header..length]);
            Tag(_rtpMac, buffer[..length], (uint)(index >> 16), buffer.Slice(length, TagLength));
        }

        return length + TagLength;
    }

    /// <summary>Authenticates and decrypts the SRTP packet in place; <paramref name="length"/> becomes the RTP length.</summary>
    public SrtpStatus Unprotect(Span<byte> buffer, ref int length)
    {
        if (length < TagLength || length > buffer.Length)
        {
            return SrtpStatus.Malformed;
        }

        var packet = buffer[..(length - TagLength)];
        var header = RtpHeaderLength(packet);
        if (header < 0)
        {
            return SrtpStatus.Malformed;
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        lock (_gate)
        {
            var state = State(_rtp, ssrc, sequence);
            var index = state.Estimate(sequence);
            if (index < 0 || state.IsReplay(index))
            {
                return SrtpStatus.Replayed;
            }

            Span<byte> expected = stackalloc byte[TagLength];
            Tag(_rtpMac, packet, (uint)(index >> 16), expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, buffer.Slice(packet.Length, TagLength)))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            // Only an authentic packet creates or moves a stream's state, so forgeries cannot shift its ROC.
            state.Accept(index);
            _rtp[ssrc] = state;
            Crypt(_rtpCipher, _rtpSalt, ssrc, (ulong)index, packet[header..]);
        }

        length = packet.Length;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Encrypts the RTCP compound packet after its first 8 octets, appends E=1 with the next SRTCP index for its SSRC
    /// and the tag; returns the SRTCP length (<paramref name="length"/> + 14), or -1.
    /// </summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < RtcpHeaderLength || buffer.Length < length + RtcpOverhead || buffer[0] >> 6 != 2)
        {
            return -1;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        lock (_gate)
        {
            var index = (_rtcpSent.GetValueOrDefault(ssrc) + 1) & 0x7FFF_FFFF;
            _rtcpSent[ssrc] = index;
            Crypt(_rtcpCipher, _rtcpSalt, ssrc, index, buffer[RtcpHeaderLength..length]);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000 | index);
            Tag(_rtcpMac, buffer[..(length + 4)], null, buffer.Slice(length + 4, TagLength));
        }

        return length + RtcpOverhead;
    }

    /// <summary>Authenticates and decrypts an SRTCP packet in place; <paramref name="length"/> becomes the RTCP length.</summary>
    public SrtpStatus UnprotectRtcp(Span<byte> buffer, ref int length)
    {
        if (length < RtcpHeaderLength + RtcpOverhead || length > buffer.Length || buffer[0] >> 6 != 2)
        {
            return SrtpStatus.Malformed;
        }

        var authenticated = buffer[..(length - TagLength)];
        var trailer = BinaryPrimitives.ReadUInt32BigEndian(authenticated[^4..]);
        var index = trailer & 0x7FFF_FFFF;
        var encrypted = (trailer & 0x8000_0000) != 0;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        lock (_gate)
        {
            var state = _rtcp.TryGetValue(ssrc, out var known) ? known : null;
            if (state is not null && state.IsReplay(index))
            {
                return SrtpStatus.Replayed;
            }

            Span<byte> expected = stackalloc byte[TagLength];
            Tag(_rtcpMac, authenticated, null, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, buffer.Slice(authenticated.Length, TagLength)))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            if (state is null)
            {
                state = new ReplayState(index);
                _rtcp[ssrc] = state;
            }

            state.Accept(index);
            if (encrypted)
            {
                Crypt(_rtcpCipher, _rtcpSalt, ssrc, index, buffer[RtcpHeaderLength..(length - RtcpOverhead)]);
            }
        }

        length -= RtcpOverhead;
        return SrtpStatus.Ok;
    }

    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    /// <summary>Fixed header, CSRCs and header extension (RFC 3550 §5.1, §5.3.1); -1 when the packet is shorter.</summary>
    private static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            return -1;
        }

        var length = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return -1;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        return length <= packet.Length ? length : -1;
    }

    private static ReplayState State(Dictionary<uint, ReplayState> streams, uint ssrc, ushort sequence)
    {
        // The first packet of a stream fixes ROC 0 (RFC 3711 §3.3.1); the caller stores the state once it is accepted.
        return streams.TryGetValue(ssrc, out var state) ? state : new ReplayState(sequence - 1);
    }

    /// <summary>IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16) (RFC 3711 §4.1.1).</summary>
    private static void Crypt(Aes cipher, byte[] salt, uint ssrc, ulong index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[16];
        salt.CopyTo(iv);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(word, ssrc);
        for (var i = 0; i < 4; i++)
        {
            iv[4 + i] ^= word[i];
        }

        BinaryPrimitives.WriteUInt64BigEndian(word, index);
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= word[2 + i];
        }

        AesCounterMode.Apply(cipher, iv, data);
    }

    /// <summary>HMAC-SHA1 over the authenticated portion (and for SRTP the ROC), truncated to 80 bits (§4.2.1).</summary>
    private static void Tag(IncrementalHash mac, ReadOnlySpan<byte> authenticated, uint? rolloverCounter, Span<byte> tag)
    {
        mac.AppendData(authenticated);
        if (rolloverCounter is { } roc)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
            mac.AppendData(rocBytes);
        }

        Span<byte> full = stackalloc byte[20];
        mac.GetHashAndReset(full);
        full[..TagLength].CopyTo(tag);
    }

    /// <summary>The highest index seen and a bitmap of the 64 below it (bit n: highest - n received).</summary>
    private sealed class ReplayState(long highest)
    {
        private long _highest = highest;
        private ulong _window;

        /// <summary>The packet index for a sequence number, guessing the ROC as RFC 3711 Appendix A does.</summary>
        public long Estimate(ushort sequence)
        {
            var roc = _highest < 0 ? 0 : _highest >> 16;
            var last = _highest < 0 ? sequence : (int)(_highest & 0xFFFF);
            long guess = roc;
            if (last < 32768)
            {
                if (sequence - last > 32768)
                {
                    guess = roc - 1;
                }
            }
            else if (last - 32768 > sequence)
            {
                guess = roc + 1;
            }

            return guess < 0 ? -1 : (guess << 16) | sequence;
        }

        public bool IsReplay(long index)
        {
            var delta = _highest - index;
            return delta >= 0 && (delta >= WindowSize || (_window & (1UL << (int)delta)) != 0);
        }

        public void Accept(long index)
        {
            var delta = index - _highest;
            if (delta > 0)
            {
                _window = delta >= WindowSize ? 1UL : (_window << (int)delta) | 1UL;
                _highest = index;
            }
            else
            {
                _window |= 1UL << (int)-delta;
            }
        }
    }
}
