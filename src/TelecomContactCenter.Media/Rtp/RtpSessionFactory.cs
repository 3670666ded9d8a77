using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TelecomContactCenter.Media.Ports;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>Opens sessions on leased port pairs, skipping pairs another process already holds.</summary>
/// <remarks>Sessions receive RTP on <paramref name="receiveLoops"/> when given, else with the runtime's asynchronous sockets.</remarks>
public sealed partial class RtpSessionFactory(
    RtpPortAllocator ports, TimeProvider time, ILoggerFactory? loggers = null, RtpReceiveLoops? receiveLoops = null)
{
    private readonly ILogger? _log = loggers?.CreateLogger<RtpSessionFactory>();

    /// <summary>
    /// False when no port pair can be leased and bound; the call is then rejected. A port another process holds is
    /// skipped for the next pair; running out of descriptors or socket buffers is not a per-port problem, so it
    /// ends the attempt at once rather than walking the whole range.
    /// </summary>
    public bool TryOpen(IPAddress localAddress, RtpSessionOptions options, [NotNullWhen(true)] out RtpSession? session, RtpPortUse use = RtpPortUse.Placed)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(options);
        for (var attempt = 0; attempt < ports.Capacity; attempt++)
        {
            if (!ports.TryAllocate(out var lease, use))
            {
                break;
            }

            Socket? rtp = null;
            Socket? rtcp = null;
            try
            {
                rtp = Bind(localAddress, lease.RtpPort);
                rtcp = Bind(localAddress, lease.RtcpPort);
                session = new RtpSession(rtp, rtcp, options, time, lease, loggers?.CreateLogger<RtpSession>(), receiveLoops);
                return true;
            }
            catch (SocketException error)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
                lease.Dispose();
                if (error.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                {
                    if (_log is not null)
                    {
                        LogSocketsExhausted(_log, error.SocketErrorCode, ports.InUse);
                    }

                    break;
                }
            }
        }

        session = null;
        return false;
    }

    /// <summary>A session on OS-chosen ports, outside the leased range; tests and tools use it.</summary>
    public static RtpSession OpenEphemeral(
        IPAddress localAddress, RtpSessionOptions options, TimeProvider time, RtpReceiveLoops? receiveLoops = null) =>
        new(Bind(localAddress, 0), Bind(localAddress, 0), options, time, null, null, receiveLoops);

    private static Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No RTP session could be opened ({Error}) with {PairsInUse} port pairs in use: the call is refused. Raise the open-file limit or lower Media:RtpPorts.")]
    private static partial void LogSocketsExhausted(ILogger logger, SocketError error, int pairsInUse);
}
