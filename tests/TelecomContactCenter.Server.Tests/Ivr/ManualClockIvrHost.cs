using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// The IVR host with every timer (RTP pacing, menu timeouts, SIP retransmissions) on one
/// <see cref="ManualTimeProvider"/> reading Monday 10:00 at +08:00, so a test walks a call through minutes of
/// prompts and timeouts in a few real seconds without sleeping. One call at a time: the clock is shared.
/// </summary>
public sealed class ManualClockIvrHost : IAsyncLifetime
{
    public ManualClockIvrHost() => Host = new IvrHost(Clock);

    public ManualTimeProvider Clock { get; } = new(IvrHost.OfficeHours);

    public IvrHost Host { get; }

    public Task InitializeAsync() => ((IAsyncLifetime)Host).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)Host).DisposeAsync();

    /// <summary>
    /// Moves the clock in 100 ms steps (five media ticks each), letting the call's loop run between steps, until
    /// <paramref name="done"/> holds; gives up after <paramref name="limit"/> of clock time.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        while (!done())
        {
            Assert.True(advanced < limit, $"still waiting after {limit} of clock time");
            Clock.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);

            // Not a timing wait: it hands the thread pool a moment so the call's loop and the RTP receiver keep
            // up with the clock. Running ahead of them is harmless (the caller hears a little more silence).
            await Task.Delay(1);
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

/// <summary>A caller's RTP port for the tests: collects every frame our side sends, in order.</summary>
internal sealed class CallerRtp : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly List<byte[]> _payloads = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

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
