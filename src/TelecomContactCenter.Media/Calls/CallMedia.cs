using System.Net;
using TelecomContactCenter.Media.Dtmf;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Calls;

/// <summary>
/// Everything one IVR call needs from the media layer: its RTP session, prompt playback on the shared clock
/// and digit detection. Disposing it on any call-end path unregisters from the clock, closes the sockets and
/// returns the port pair. Thread-safe: <c>_gate</c> guards the player swap on a codec change; <c>_digitGate</c>
/// guards the digit listener and the keys kept for it; the detector is used only on the session's receive loop.
/// </summary>
public sealed class CallMedia : IAsyncDisposable
{
    private readonly RtpSession _session;
    private readonly PacingScheduler _scheduler;
    private readonly DtmfDetector _detector = new();
    private readonly Lock _gate = new();
    private readonly Lock _digitGate = new();
    private readonly Queue<char> _unheardDigits = new();
    private Action<char>? _digitListener;
    private PromptPlayer? _player;
    private AudioFormat? _format;
    private int _disposed;

    internal CallMedia(RtpSession session, PacingScheduler scheduler)
    {
        _session = session;
        _scheduler = scheduler;
        _session.PacketReceived += OnPacket;
        _session.Start();
    }

    /// <summary>The port to put in the SDP answer's m= line.</summary>
    public int LocalRtpPort => _session.LocalRtpEndPoint.Port;

    public RtpSession Session => _session;

    public AudioFormat? Format => Volatile.Read(ref _format);

    /// <summary>Stop playback when a digit arrives, as callers expect of a menu.</summary>
    public bool BargeIn { get; set; } = true;

    /// <summary>The most keys kept while nobody listens; later ones are dropped.</summary>
    public const int MaxUnheardDigits = 8;

    /// <summary>
    /// Raised on the receive loop, once per key press. A key pressed while nobody listens (a caller who presses at
    /// once, in the milliseconds between our 200 OK and the flow's first step) is kept, up to
    /// <see cref="MaxUnheardDigits"/>, and raised to the next listener the moment it subscribes, in order.
    /// </summary>
    public event Action<char>? DigitReceived
    {
        add
        {
            lock (_digitGate)
            {
                _digitListener += value;
                while (value is not null && _unheardDigits.TryDequeue(out var early))
                {
                    value(early);
                }
            }
        }
        remove
        {
            lock (_digitGate)
            {
                _digitListener -= value;
            }
        }
    }

    /// <summary>
    /// Applies an SDP answer (initial or re-INVITE). A null RTCP address means RTP port + 1. Pass
    /// <paramref name="sendMedia"/> false when our answer was recvonly or inactive (the caller holds the call):
    /// prompts then run silently on the clock, so they neither reach a held caller nor fall out of time.
    /// </summary>
    public void Connect(IPEndPoint? remoteRtp, AudioFormat format, IPEndPoint? remoteRtcp = null, bool sendMedia = true)
    {
        ArgumentNullException.ThrowIfNull(format);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        _session.SetRemote(remoteRtp, remoteRtcp, sendMedia);
        PromptPlayer? old = null;
        lock (_gate)
        {
            if (_format is not null && _format.Law == format.Law && _format.AudioPayloadType == format.AudioPayloadType)
            {
                Volatile.Write(ref _format, format);
                return;
            }

            old = _player;
            _player = new PromptPlayer(_scheduler, _session, format.Law, format.AudioPayloadType);
            Volatile.Write(ref _format, format);
        }

        old?.Dispose();
    }

    public Task<PlaybackOutcome> PlayAsync(Prompt prompt, CancellationToken cancellationToken)
    {
        PromptPlayer player;
        lock (_gate)
        {
            player = _player ?? throw new InvalidOperationException("Connect the call's media before playing prompts.");
        }

        return player.PlayAsync(prompt, cancellationToken);
    }

    public void StopPlayback()
    {
        lock (_gate)
        {
            _player?.Stop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _session.PacketReceived -= OnPacket;
        lock (_gate)
        {
            _player?.Dispose();
            _player = null;
        }

        await _session.DisposeAsync();
    }

    private void OnPacket(RtpSession session, RtpPacket packet)
    {
        if (Volatile.Read(ref _format) is not { TelephoneEventPayloadType: { } eventType } || packet.PayloadType != eventType)
        {
            return;
        }

        if (_detector.Process(packet.Ssrc, packet.Timestamp, packet.Payload) is { } digit)
        {
            if (BargeIn)
            {
                StopPlayback();
            }

            lock (_digitGate)
            {
                if (_digitListener is { } listener)
                {
                    listener(digit);
                }
                else if (_unheardDigits.Count < MaxUnheardDigits)
                {
                    _unheardDigits.Enqueue(digit);
                }
            }
        }
    }
}
