using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.MediaBench;

/// <summary>
/// Plays the callers' phones: receives the paced prompt streams on one socket and checks each SSRC's sequence
/// numbers for gaps. Runs on its own thread with a blocking receive, so the bench's measurement does not
/// compete with the thread pool that sends.
/// </summary>
internal sealed class RtpSink : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Dictionary<uint, StreamState> _streams = [];
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    public RtpSink()
    {
        _socket.ReceiveBufferSize = 16 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 200;
        _thread = new Thread(Run) { IsBackground = true, Name = "rtp-sink" };
        _thread.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Starts a new measurement window: counts restart, sequence tracking carries on.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            foreach (var state in _streams.Values)
            {
                state.Received = 0;
                state.Lost = 0;
                state.Bytes = 0;
                state.Transits.Clear();
            }
        }
    }

    public (long Received, long Lost, long Bytes, int Streams) Totals()
    {
        lock (_gate)
        {
            return (_streams.Values.Sum(s => s.Received), _streams.Values.Sum(s => s.Lost), _streams.Values.Sum(s => s.Bytes), _streams.Count);
        }
    }

    /// <summary>
    /// Packet delay variation of every frame: its transit (arrival minus RTP timestamp) less the smallest
    /// transit of its stream, in ms. The stream's fixed phase within the shared tick cancels out; what is left is
    /// the timing error a caller's jitter buffer has to absorb.
    /// </summary>
    public List<double> DelayVariations()
    {
        lock (_gate)
        {
            var all = new List<double>();
            foreach (var state in _streams.Values.Where(s => s.Transits.Count > 0))
            {
                var min = state.Transits.Min();
                all.AddRange(state.Transits.Select(t => t - min));
            }

            return all;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _socket.Dispose();
    }

    private void Run()
    {
        var buffer = new byte[1500];
        while (!_stopping)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue;
            }

            var arrival = Stopwatch.GetTimestamp();
            if (!RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet))
            {
                continue;
            }

            lock (_gate)
            {
                if (!_streams.TryGetValue(packet.Ssrc, out var state))
                {
                    state = new StreamState { LastSequence = (ushort)(packet.SequenceNumber - 1) };
                    _streams[packet.Ssrc] = state;
                }

                var gap = (ushort)(packet.SequenceNumber - state.LastSequence);
                if (gap is > 1 and < 30000)
                {
                    state.Lost += gap - 1;
                }

                if (gap < 30000)
                {
                    state.Timestamps += gap * 160L;
                }

                state.LastSequence = packet.SequenceNumber;
                state.Transits.Add((arrival * 1000.0 / Stopwatch.Frequency) - (state.Timestamps / 8.0));
                state.Received++;
                state.Bytes += length;
            }
        }
    }

    private sealed class StreamState
    {
        public ushort LastSequence { get; set; }

        public long Received { get; set; }

        public long Lost { get; set; }

        public long Bytes { get; set; }

        /// <summary>RTP time in samples, unwrapped from the sequence so 32-bit wrap cannot disturb it.</summary>
        public long Timestamps { get; set; }

        public List<double> Transits { get; } = [];
    }
}
