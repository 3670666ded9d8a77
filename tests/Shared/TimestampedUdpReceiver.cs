using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TelecomContactCenter.Testing;

/// <summary>
/// A loopback UDP socket that reports when the kernel received each datagram (SIOCGSTAMP), not when the test got
/// round to reading it. A test thread held up by a busy machine reads a backlog of datagrams in one go; the
/// receive time would show them microseconds apart, the kernel's time shows how they were really paced.
/// Linux only. Read from one task at a time.
/// </summary>
public sealed class TimestampedUdpReceiver : IDisposable
{
    // SIOCGSTAMP: the arrival time of the last datagram read from the socket, as a struct timeval.
    private const nuint GetStamp = 0x8906;

    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public TimestampedUdpReceiver()
    {
        // The first ask turns arrival stamping on for the socket (and fails: nothing has arrived yet).
        _ = Stamp(_client.Client.Handle, out _);
    }

    public int Port => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

    /// <summary>The next datagram and the kernel's arrival time of it.</summary>
    public async Task<(byte[] Buffer, IPEndPoint Source, DateTimeOffset Arrival)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var datagram = await _client.ReceiveAsync(cancellationToken);
        if (Stamp(_client.Client.Handle, out var stamp) != 0)
        {
            throw new InvalidOperationException($"SIOCGSTAMP failed (errno {Marshal.GetLastPInvokeError()})");
        }

        var arrival = DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks((stamp.Seconds * TimeSpan.TicksPerSecond) + (stamp.Microseconds * TimeSpan.TicksPerMicrosecond));
        return (datagram.Buffer, datagram.RemoteEndPoint, arrival);
    }

    public void Dispose() => _client.Dispose();

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Stamp(IntPtr socket, nuint request, out TimeVal value);

    private static int Stamp(IntPtr socket, out TimeVal value) => Stamp(socket, GetStamp, out value);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }
}
