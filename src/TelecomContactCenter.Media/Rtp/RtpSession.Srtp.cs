using TelecomContactCenter.Media.Srtp;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>
/// SRTP on one leg (RFC 3711, keys from SDES): what the session sends is protected with our key, what it receives is
/// authenticated and decrypted with the peer's key before anything else looks at it, so latching, statistics, the
/// relay and DTMF only ever see authentic plain RTP. A packet that fails authentication or is a replay is counted and
/// dropped. RTCP is SRTCP under the same keys. A leg with SRTP on one side of a relay and plain RTP on the other is
/// therefore translated per packet: each leg protects or not with its own keys.
/// </summary>
public sealed partial class RtpSession
{
    private SrtpKeys? _srtp;
    private readonly List<SrtpContext> _retiredContexts = [];
    private long _srtpAuthenticationFailures;
    private long _srtpReplays;

    /// <summary>True while the leg runs SRTP.</summary>
    public bool IsSrtp => Volatile.Read(ref _srtp) is not null;

    /// <summary>Our key while SRTP is on, so a re-offer on the leg can repeat it and keep the stream's context.</summary>
    public SrtpMasterKey? SrtpSendKey => Volatile.Read(ref _srtp)?.SendKey;

    /// <summary>SRTP and SRTCP packets dropped because their authentication tag did not match.</summary>
    public long SrtpAuthenticationFailures => Interlocked.Read(ref _srtpAuthenticationFailures);

    /// <summary>SRTP and SRTCP packets dropped as replays (already received, or behind the 64-packet window).</summary>
    public long SrtpReplaysDropped => Interlocked.Read(ref _srtpReplays);

    /// <summary>
    /// Turns SRTP on with <paramref name="send"/> (our key, offered or answered by us) and <paramref name="receive"/>
    /// (the peer's), or off when both are null. A key equal to the one in use keeps its context, so a re-INVITE that
    /// repeats the keys keeps each stream's rollover counter and replay window; a new key starts a new context.
    /// </summary>
    public void UseSrtp(SrtpMasterKey? send, SrtpMasterKey? receive)
    {
        if ((send is null) != (receive is null))
        {
            throw new ArgumentException("SRTP needs both our key and the peer's, or neither.", nameof(send));
        }

        lock (_sendGate)
        {
            var current = Volatile.Read(ref _srtp);
            if (send is null || receive is null)
            {
                Retire(current?.Send, current?.Receive);
                Volatile.Write(ref _srtp, null);
                return;
            }

            var sendContext = current is not null && current.SendKey.SameAs(send) ? current.Send : new SrtpContext(send);
            var receiveContext = current is not null && current.ReceiveKey.SameAs(receive) ? current.Receive : new SrtpContext(receive);
            Retire(current?.Send == sendContext ? null : current?.Send, current?.Receive == receiveContext ? null : current?.Receive);
            Volatile.Write(ref _srtp, new SrtpKeys(send, sendContext, receive, receiveContext));
        }
    }

    /// <summary>Protects the RTP packet in <paramref name="buffer"/> when SRTP is on; -1 when it cannot be.</summary>
    private int ProtectRtp(byte[] buffer, int length) =>
        Volatile.Read(ref _srtp) is { } srtp ? srtp.Send.Protect(buffer, length) : length;

    private int ProtectRtcp(byte[] buffer, int length) =>
        Volatile.Read(ref _srtp) is { } srtp ? srtp.Send.ProtectRtcp(buffer, length) : length;

    /// <summary>Authenticates and decrypts a received datagram in place; false (counted) when it must be dropped.</summary>
    private bool UnprotectReceived(Span<byte> datagram, ref int length, bool rtcp)
    {
        if (Volatile.Read(ref _srtp) is not { } srtp)
        {
            return true;
        }

        var status = rtcp ? srtp.Receive.UnprotectRtcp(datagram, ref length) : srtp.Receive.Unprotect(datagram, ref length);
        switch (status)
        {
            case SrtpStatus.Ok:
                return true;
            case SrtpStatus.AuthenticationFailed:
                Interlocked.Increment(ref _srtpAuthenticationFailures);
                return false;
            case SrtpStatus.Replayed:
                Interlocked.Increment(ref _srtpReplays);
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Contexts replaced while the receive loops may still hold them are disposed with the session, not at once.
    /// </summary>
    private void Retire(SrtpContext? send, SrtpContext? receive)
    {
        lock (_retiredContexts)
        {
            if (send is not null)
            {
                _retiredContexts.Add(send);
            }

            if (receive is not null)
            {
                _retiredContexts.Add(receive);
            }
        }
    }

    private void DisposeSrtp()
    {
        var current = Volatile.Read(ref _srtp);
        Volatile.Write(ref _srtp, null);
        Retire(current?.Send, current?.Receive);
        lock (_retiredContexts)
        {
            foreach (var context in _retiredContexts)
            {
                context.Dispose();
            }

            _retiredContexts.Clear();
        }
    }

    /// <summary>The keys in use and their contexts, swapped as one reference.</summary>
    private sealed record SrtpKeys(SrtpMasterKey SendKey, SrtpContext Send, SrtpMasterKey ReceiveKey, SrtpContext Receive);
}
