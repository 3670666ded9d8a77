using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Dtmf;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Server.Ivr;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// The IVR host with every timer (RTP pacing, menu timeouts, SIP retransmissions) on one
/// <see cref="FakeTimeProvider"/> reading Monday 10:00 at +08:00, so a test walks a call through minutes of
/// prompts and timeouts in a few real seconds without sleeping. One call at a time: the clock is shared. Not
/// sealed: <see cref="OutOfHoursIvrHost"/> is the same host started on a Sunday night (the clock cannot be moved
/// days ahead cheaply, as every 2 ms media poll on the way would fire).
/// </summary>
public class ManualClockIvrHost : IAsyncLifetime
{
    public ManualClockIvrHost()
        : this(IvrHost.OfficeHours)
    {
    }

    protected ManualClockIvrHost(DateTimeOffset start)
    {
        Clock = new FakeTimeProvider(start);
        Host = new IvrHost(Clock);
    }

    public FakeTimeProvider Clock { get; }

    public IvrHost Host { get; }

    public Task InitializeAsync() => ((IAsyncLifetime)Host).InitializeAsync();

    /// <summary>Keeps the clock moving while the host stops: draining calls and SIP transactions wait on it.</summary>
    public async Task DisposeAsync()
    {
        var disposing = ((IAsyncLifetime)Host).DisposeAsync();
        for (var i = 0; i < 600 && !disposing.IsCompleted; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        await disposing;
    }

    /// <summary>
    /// Moves the clock in 100 ms steps (five media ticks each), letting the call's loop run between steps, until
    /// <paramref name="done"/> holds; gives up after <paramref name="limit"/> of clock time.
    /// </summary>
    /// <summary>
    /// Waits (at most 10 s, clock still) until a call is in the IVR: sipp takes a while to start, and the clock
    /// must not run ahead of a call that has not arrived.
    /// </summary>
    public async Task WaitForCallAsync()
    {
        var runtime = Host.Services.GetRequiredService<IvrCallRuntime>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (runtime.ActiveCalls == 0)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    public Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit) =>
        AdvanceUntilAsync(done, limit, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1));

    /// <summary>
    /// As above with a chosen step and pause per step; a pause as long as the step runs the clock at about real
    /// pace, for a window in which a real-time peer (sipp pressing a key) must act.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit, TimeSpan step, TimeSpan pause)
    {
        var advanced = TimeSpan.Zero;
        while (!done())
        {
            Assert.True(advanced < limit, $"still waiting after {limit} of clock time");
            Clock.Advance(step);
            advanced += step;

            // Not a timing wait: it hands the thread pool a moment so the call's loop and the RTP receiver keep
            // up with the clock. Running ahead of them is harmless (the caller hears a little more silence).
            await Task.Delay(pause);
        }
    }

    /// <summary>
    /// The call's IVR path once written: telephony's records and the path writer's retries run on the clock, so
    /// it keeps moving while it looks (at most 30 s of clock time).
    /// </summary>
    internal async Task<IvrPathRecord> PathAsync(string caller, string callId)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await Host.TryPathAsync(caller, callId, CancellationToken.None) is { } path)
            {
                return path;
            }

            Clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        throw new TimeoutException($"No IVR path for call {callId} after 30 s of clock time.");
    }
}

/// <summary>Sunday 8 November 2026, 23:00 at +08:00: main.json's contact-centre calendar is closed until Monday 08:00.</summary>
public sealed class OutOfHoursIvrHost() : ManualClockIvrHost(SundayNight)
{
    public static readonly DateTimeOffset SundayNight = new(2026, 11, 8, 23, 0, 0, TimeSpan.FromHours(8));
}

/// <summary>
/// A caller's RTP port for the tests: collects every frame our side sends, in order, and presses keys with
/// RFC 4733 packets sent back from the same port (so symmetric RTP keeps our media coming here).
/// </summary>
internal sealed class CallerRtp : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly List<byte[]> _payloads = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private IPEndPoint? _server;
    private ushort _sequence = 1000;
    private uint _timestamp = 80000;

    public CallerRtp()
    {
        _socket.Client.ReceiveBufferSize = 4 * 1024 * 1024;
        _receiving = ReceiveAsync();
    }

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public IReadOnlyList<byte[]> Payloads
    {
        get
        {
            lock (_payloads)
            {
                return [.. _payloads];
            }
        }
    }

    public int PayloadType { get; private set; } = -1;

    /// <summary>Presses <paramref name="digit"/>: one RFC 4733 event (100 ms, three end packets) to where our RTP comes from.</summary>
    public async Task PressAsync(char digit)
    {
        var server = _server ?? throw new InvalidOperationException("No RTP has arrived yet, so there is nowhere to send the key.");
        var buffer = new byte[64];
        foreach (var packet in DtmfEncoder.Encode(digit))
        {
            var length = new RtpHeader(101, _sequence++, _timestamp, 0x7E57CA11, packet.Marker).Write(buffer, packet.Payload);
            await _socket.SendAsync(buffer.AsMemory(0, length), server);
        }

        _timestamp += 1600;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _ = _receiving.ContinueWith(_ => _stop.Dispose(), TaskScheduler.Default);
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                var datagram = await _socket.ReceiveAsync(_stop.Token);
                PayloadType = datagram.Buffer[1] & 0x7F;
                _server = datagram.RemoteEndPoint;
                lock (_payloads)
                {
                    _payloads.Add(datagram.Buffer[12..]);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
