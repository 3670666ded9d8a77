using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Media.Ports;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>
/// One RTP stream pair on a UDP socket (RFC 3550), with symmetric RTP: once a packet arrives, we send to the
/// address it came from rather than the one in the SDP, which gets media through NATs (RFC 4961), and from then
/// on packets from any other address are dropped until the next SDP answer.
/// Thread-safe: sends from any thread are serialised by <c>_sendGate</c>; the remote address is swapped as one
/// reference; receive statistics belong to the single receive loop and are read under <c>_receiveGate</c>.
/// </summary>
public sealed partial class RtpSession : IAsyncDisposable
{
    private const int MaxDatagram = 1500;

    private readonly Socket _rtpSocket;
    private readonly Socket _rtcpSocket;
    private readonly RtpSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly RtpPortLease? _lease;
    private readonly ILogger _logger;
    private readonly RtpReceiveLoops _receiveLoops;
    private readonly Lock _sendGate = new();
    private readonly Lock _receiveGate = new();
    private readonly byte[] _sendBuffer = new byte[MaxDatagram];
    private readonly byte[] _rtcpBuffer = new byte[MaxDatagram];
    private readonly CancellationTokenSource _stop = new();
    private SocketAddress? _remoteRtp;
    private SocketAddress? _remoteRtcp;
    private bool _latched;
    private bool _sendMedia = true;
    private bool _rtcpLatched;
    private ushort _sequence;
    private uint _timestamp;
    private long _timestampMovedAt;
    private uint _timestampMovedBy;
    private uint _packetsSent;
    private uint _octetsSent;
    private uint _packetsSentAtLastReport;
    private uint? _remoteSsrc;
    private RtpSequenceTracker _tracker = new();
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;
    private ITimer? _rtcpTimer;
    private Task _loops = Task.CompletedTask;
    private RtpReceiveLoops.Registration? _onLoop;

    internal RtpSession(
        Socket rtpSocket,
        Socket rtcpSocket,
        RtpSessionOptions options,
        TimeProvider time,
        RtpPortLease? lease,
        ILogger? logger,
        RtpReceiveLoops? receiveLoops = null)
    {
        _rtpSocket = rtpSocket;
        _receiveLoops = receiveLoops ?? RtpReceiveLoops.None;
        _rtcpSocket = rtcpSocket;
        _options = options;
        _time = time;
        _lease = lease;
        _logger = logger ?? NullLogger.Instance;
        if (System.Text.Encoding.UTF8.GetByteCount(options.Cname) is 0 or > 255)
        {
            throw new ArgumentException("The RTCP CNAME must be 1-255 octets.", nameof(options));
        }

        Ssrc = options.Ssrc ?? (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    }

    public uint Ssrc { get; }

    public IPEndPoint LocalRtpEndPoint => (IPEndPoint)_rtpSocket.LocalEndPoint!;

    public IPEndPoint LocalRtcpEndPoint => (IPEndPoint)_rtcpSocket.LocalEndPoint!;

    /// <summary>Where RTP goes now: the SDP address until the first packet arrives, then its source.</summary>
    public IPEndPoint? RemoteRtpEndPoint => Volatile.Read(ref _remoteRtp) is { } address
        ? (IPEndPoint)LocalRtpEndPoint.Create(address)
        : null;

    public bool IsLatched => Volatile.Read(ref _latched);

    /// <summary>Raised on the receive loop for every valid packet; subscribe before <see cref="Start"/>.</summary>
    public event RtpPacketReceived? PacketReceived;

    /// <summary>The last RTCP compound the peer sent, for call-quality records.</summary>
    public RtcpCompound? LastRtcpReceived { get; private set; }

    /// <summary>Raised on the RTCP receive loop for every valid compound packet.</summary>
    public event Action<RtcpCompound>? RtcpReceived;

    /// <summary>The RTP timestamp the next audio frame will carry.</summary>
    public uint NextTimestamp
    {
        get
        {
            lock (_sendGate)
            {
                return _timestamp;
            }
        }
    }

    public (long Received, long Lost, uint Jitter, uint ExtendedHighestSequence) ReceiveStatistics
    {
        get
        {
            lock (_receiveGate)
            {
                return (_tracker.PacketsReceived, _tracker.PacketsLost, _tracker.Jitter, _tracker.ExtendedHighestSequence);
            }
        }
    }

    public (uint Packets, uint Octets) SendStatistics
    {
        get
        {
            lock (_sendGate)
            {
                return (_packetsSent, _octetsSent);
            }
        }
    }

    /// <summary>
    /// Sets the addresses from SDP (RTCP defaults to RTP + 1); a new answer un-latches, so a re-INVITE can move
    /// the media. <paramref name="sendMedia"/> is false when the answer is recvonly or inactive (the peer put
    /// the call on hold): RTP is then not sent even after latching, while RTCP carries on (RFC 3264 §5.1).
    /// </summary>
    public void SetRemote(IPEndPoint? rtp, IPEndPoint? rtcp = null, bool sendMedia = true)
    {
        Volatile.Write(ref _sendMedia, sendMedia);
        Volatile.Write(ref _remoteRtp, rtp?.Serialize());
        Volatile.Write(ref _remoteRtcp, (rtcp ?? (rtp is null ? null : new IPEndPoint(rtp.Address, rtp.Port + 1)))?.Serialize());
        Volatile.Write(ref _latched, false);
        _rtcpLatched = false;
    }

    /// <summary>
    /// Starts receiving: RTP on one of the shared receive loops when the factory has them (else an asynchronous
    /// receive of its own), RTCP on an asynchronous receive, and the RTCP report timer.
    /// </summary>
    public void Start()
    {
        _rtcpTimer = _time.CreateTimer(static s => ((RtpSession)s!).OnRtcpTimer(), this, _options.RtcpInterval, _options.RtcpInterval);
        if (_receiveLoops.Count > 0)
        {
            // A loop reads only when epoll says a datagram is there; non-blocking, a datagram the kernel dropped
            // after saying so (a bad checksum) costs one failed read instead of stalling every session on the loop.
            _rtpSocket.Blocking = false;
            _onLoop = _receiveLoops.Register(this, _rtpSocket);
            _loops = Task.Run(() => ReceiveRtcpAsync(_stop.Token));
            return;
        }

        _loops = Task.WhenAll(
            Task.Run(() => ReceiveRtpAsync(_stop.Token)),
            Task.Run(() => ReceiveRtcpAsync(_stop.Token)));
    }

    /// <summary>
    /// Moves the timestamp over the silence since it last moved (nothing sent and nothing skipped since), so the
    /// next frame after a pause carries its real sampling instant (RFC 3550 §5.1), and returns it. A source that
    /// stops ticking while it has nothing to send calls this before it sends again.
    /// </summary>
    public uint CatchUpTimestamp()
    {
        lock (_sendGate)
        {
            // The timestamp already stands one frame (the last move) after the instant it was moved at.
            var elapsed = _time.GetElapsedTime(_timestampMovedAt).Ticks * _options.ClockRate / TimeSpan.TicksPerSecond;
            var silent = elapsed - _timestampMovedBy;
            var frame = _options.ClockRate / 50;
            if (_timestampMovedAt != 0 && silent >= frame)
            {
                MoveTimestamp(_timestamp + (uint)(silent - (silent % frame)), 0);
            }

            return _timestamp;
        }
    }

    /// <summary>Sends one audio frame at the session's timestamp and advances it by <paramref name="samples"/>.</summary>
    public bool SendAudio(int payloadType, ReadOnlySpan<byte> payload, uint samples, bool marker)
    {
        lock (_sendGate)
        {
            var sent = SendLocked(payloadType, payload, _timestamp, marker);
            MoveTimestamp(_timestamp + samples, samples);
            return sent;
        }
    }

    /// <summary>
    /// Sends a packet with an explicit timestamp, as RFC 4733 events (one timestamp per event) and relayed media
    /// need. A packet carrying <paramref name="samples"/> of audio moves the running timestamp past itself, so
    /// audio sent afterwards with <see cref="SendAudio"/> continues the same timeline.
    /// </summary>
    public bool SendPacket(int payloadType, ReadOnlySpan<byte> payload, uint timestamp, bool marker, uint samples = 0)
    {
        lock (_sendGate)
        {
            if (samples > 0)
            {
                MoveTimestamp(timestamp + samples, samples);
            }

            return SendLocked(payloadType, payload, timestamp, marker);
        }
    }

    /// <summary>Moves the timestamp on without sending, so silence keeps the receiver's clock right.</summary>
    public void SkipSamples(uint samples)
    {
        lock (_sendGate)
        {
            MoveTimestamp(_timestamp + samples, samples);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_rtcpTimer is not null)
        {
            await _rtcpTimer.DisposeAsync();
        }

        // Off the loop before the socket closes, so its descriptor number can be reused by a new session safely.
        _onLoop?.Dispose();
        _rtpSocket.Dispose();
        _rtcpSocket.Dispose();
        try
        {
            await _loops;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        DisposeSrtp();
        _lease?.Dispose();
    }

    private void MoveTimestamp(uint timestamp, uint samples)
    {
        _timestamp = timestamp;
        _timestampMovedAt = _time.GetTimestamp();
        _timestampMovedBy = samples;
    }

    private bool SendLocked(int payloadType, ReadOnlySpan<byte> payload, uint timestamp, bool marker)
    {
        var remote = Volatile.Read(ref _remoteRtp);
        if (remote is null || !Volatile.Read(ref _sendMedia))
        {
            return false;
        }

        var length = ProtectRtp(_sendBuffer, new RtpHeader(payloadType, _sequence, timestamp, Ssrc, marker).Write(_sendBuffer, payload));
        _sequence++;
        if (length < 0)
        {
            return false;
        }

        try
        {
            _rtpSocket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, remote);
        }
        catch (SocketException ex)
        {
            LogSendFailed(_logger, ex.SocketErrorCode);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        _packetsSent++;
        _octetsSent += (uint)payload.Length;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "RTP send failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, SocketError error);
}
