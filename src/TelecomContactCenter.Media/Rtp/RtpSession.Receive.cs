using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Media.Rtp;

public sealed partial class RtpSession
{
    private byte[]? _loopBuffer;
    private SocketAddress? _loopSource;

    private async Task ReceiveRtpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        var source = new SocketAddress(_rtpSocket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _rtpSocket.ReceiveFromAsync(buffer, SocketFlags.None, source, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogReceiveFailed(_logger, ex.SocketErrorCode);
                continue;
            }

            HandleRtp(buffer, length, source);
        }
    }

    /// <summary>
    /// Reads the one datagram a receive loop found waiting on the RTP socket and handles it, on the loop's thread.
    /// Called only by that loop, so the receive buffer and source address are the loop's for the session.
    /// </summary>
    internal void ReceiveReady()
    {
        var buffer = _loopBuffer ??= new byte[MaxDatagram];
        var source = _loopSource ??= new SocketAddress(_rtpSocket.AddressFamily);
        int length;
        try
        {
            length = _rtpSocket.ReceiveFrom(buffer, SocketFlags.None, source);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        catch (SocketException ex)
        {
            LogReceiveFailed(_logger, ex.SocketErrorCode);
            return;
        }

        HandleRtp(buffer, length, source);
    }

    private void HandleRtp(byte[] buffer, int length, SocketAddress source)
    {
        if (!UnprotectReceived(buffer, ref length, rtcp: false))
        {
            return;
        }

        try
        {
            OnRtp(buffer.AsSpan(0, length), source);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(_logger, ex);
        }
    }

    private void OnRtp(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (!RtpPacket.TryParse(datagram, out var packet))
        {
            return;
        }

        if (!Volatile.Read(ref _latched))
        {
            var copy = new SocketAddress(source.Family, source.Size);
            source.Buffer.Span.CopyTo(copy.Buffer.Span);
            Volatile.Write(ref _remoteRtp, copy);
            Volatile.Write(ref _latched, true);
        }
        else if (!source.Equals(Volatile.Read(ref _remoteRtp)))
        {
            // Once latched, only the peer we latched to may speak (or press keys) on this call.
            return;
        }

        var arrival = (uint)(_time.GetTimestamp() * _options.ClockRate / _time.TimestampFrequency);
        lock (_receiveGate)
        {
            if (_remoteSsrc != packet.Ssrc)
            {
                _remoteSsrc = packet.Ssrc;
                _tracker = new RtpSequenceTracker();
            }

            _tracker.Update(packet.SequenceNumber, packet.Timestamp, arrival);
        }

        PacketReceived?.Invoke(this, packet);
    }

    private async Task ReceiveRtcpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        var source = new SocketAddress(_rtcpSocket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _rtcpSocket.ReceiveFromAsync(buffer, SocketFlags.None, source, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogReceiveFailed(_logger, ex.SocketErrorCode);
                continue;
            }

            if (!UnprotectReceived(buffer, ref length, rtcp: true) || !RtcpCodec.TryParse(buffer.AsSpan(0, length), out var compound))
            {
                continue;
            }

            if (!_rtcpLatched)
            {
                var copy = new SocketAddress(source.Family, source.Size);
                source.Buffer.Span.CopyTo(copy.Buffer.Span);
                Volatile.Write(ref _remoteRtcp, copy);
                _rtcpLatched = true;
            }

            lock (_receiveGate)
            {
                foreach (var report in compound.Reports)
                {
                    if (report.SenderInfo is { } info)
                    {
                        _lastSenderReport = info.CompactNtp;
                        _lastSenderReportArrival = _time.GetTimestamp();
                    }
                }

                LastRtcpReceived = compound;
            }

            RtcpReceived?.Invoke(compound);
        }
    }

    private void OnRtcpTimer()
    {
        try
        {
            SendRtcpReport();
        }
        catch (Exception ex)
        {
            LogRtcpReportFailed(_logger, ex);
        }
    }

    /// <summary>Sends SR (if we sent media since the last report) or RR, plus SDES CNAME. Runs on the RTCP timer.</summary>
    internal void SendRtcpReport()
    {
        var remote = Volatile.Read(ref _remoteRtcp);
        if (remote is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        List<RtcpReportBlock> blocks = [];
        lock (_receiveGate)
        {
            if (_remoteSsrc is { } remoteSsrc)
            {
                // DLSR is in units of 1/65536 s (RFC 3550 §6.4.1).
                var delay = _lastSenderReport == 0
                    ? 0u
                    : (uint)(_time.GetElapsedTime(_lastSenderReportArrival).Ticks * 65536 / TimeSpan.TicksPerSecond);
                blocks.Add(_tracker.TakeReport(remoteSsrc, _lastSenderReport, delay));
            }
        }

        RtcpReport report;
        lock (_sendGate)
        {
            var sentSinceLast = _packetsSent != _packetsSentAtLastReport;
            _packetsSentAtLastReport = _packetsSent;
            report = new RtcpReport(
                Ssrc,
                sentSinceLast ? new RtcpSenderInfo(RtcpSenderInfo.ToNtp(now), _timestamp, _packetsSent, _octetsSent) : null,
                blocks);
        }

        // The RTCP timer never overlaps itself at a 5 s period, so one buffer per session is enough.
        var length = ProtectRtcp(_rtcpBuffer, RtcpCodec.WriteCompound(_rtcpBuffer, report, _options.Cname));
        if (length < 0)
        {
            return;
        }

        try
        {
            _rtcpSocket.SendTo(_rtcpBuffer.AsSpan(0, length), SocketFlags.None, remote);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            LogRtcpSendFailed(_logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "RTP receive failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RTP packet handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RTCP report failed")]
    private static partial void LogRtcpReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "RTCP send failed: {Reason}")]
    private static partial void LogRtcpSendFailed(ILogger logger, string reason);
}
