using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Playback;

public enum PlaybackOutcome
{
    Completed,
    Stopped,
}

/// <summary>
/// Plays prompts into one call's RTP session, one 20 ms frame (160 samples) per tick of the shared
/// <see cref="PacingScheduler"/>. Prompts queue and play back to back as one talkspurt; the first frame after
/// silence carries the marker bit (RFC 3551 §4.1). It is on the clock only while it has something to play and
/// for <see cref="IdleTicksOnTheClock"/> ticks after (so prompts played one after another keep their phase slot):
/// a bridged call's player that plays nothing for minutes costs the pacer no wake-ups. While idle it sends nothing,
/// and the RTP timestamp moves with the clock, tick by tick while on it, caught up from the clock when it comes
/// back. Thread-safe: <c>_gate</c> guards the queue and the registration, and is held only briefly by both the
/// tick and the call's own thread.
/// </summary>
public sealed class PromptPlayer : IPacedSender, IDisposable
{
    public const int SamplesPerFrame = 160;

    /// <summary>Idle ticks (1 s) a player stays on the clock after its last frame before it leaves it.</summary>
    public const int IdleTicksOnTheClock = 50;

    private readonly PacingScheduler _scheduler;
    private readonly RtpSession _session;
    private readonly G711Law _law;
    private readonly int _payloadType;
    private readonly Lock _gate = new();
    private readonly Queue<Playback> _queue = new();
    private readonly byte[] _frame = new byte[SamplesPerFrame];
    private IDisposable? _registration;
    private Playback? _current;
    private bool _inTalkspurt;
    private bool _backOnTheClock;
    private int _idleTicks;
    private bool _disposed;

    public PromptPlayer(PacingScheduler scheduler, RtpSession session, G711Law law, int payloadType)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        _session = session;
        _law = law;
        _payloadType = payloadType;
    }

    public bool IsPlaying
    {
        get
        {
            lock (_gate)
            {
                return _current is not null || _queue.Count > 0;
            }
        }
    }

    /// <summary>Queues a prompt; completes when its last frame has been sent, or when it is stopped.</summary>
    public Task<PlaybackOutcome> PlayAsync(Prompt prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var playback = new Playback(prompt.Encoded(_law));
        if (cancellationToken.CanBeCanceled)
        {
            playback.Cancellation = cancellationToken.Register(static p => ((Playback)p!).Finish(PlaybackOutcome.Stopped), playback);
        }

        lock (_gate)
        {
            if (_disposed)
            {
                playback.Finish(PlaybackOutcome.Stopped); // the call has ended; nothing will ever play it
            }
            else
            {
                _queue.Enqueue(playback);
                if (_registration is null)
                {
                    _registration = _scheduler.Register(this);
                    _backOnTheClock = true;
                }
            }
        }

        return playback.Completion.Task;
    }

    /// <summary>Stops the current prompt and drops the queue, e.g. when the caller presses a key (barge-in).</summary>
    public void Stop()
    {
        List<Playback> stopped;
        lock (_gate)
        {
            stopped = [.. _queue];
            _queue.Clear();
            if (_current is not null)
            {
                stopped.Add(_current);
                _current = null;
            }
        }

        foreach (var playback in stopped)
        {
            playback.Finish(PlaybackOutcome.Stopped);
        }
    }

    public void OnTick(long tick)
    {
        Playback? finished = null;
        lock (_gate)
        {
            if (_backOnTheClock)
            {
                _backOnTheClock = false;
                _session.CatchUpTimestamp();
            }

            while (_current is null || _current.IsFinished)
            {
                if (_current is not null)
                {
                    _inTalkspurt = false; // cut off mid-prompt: what follows is a new talkspurt
                }

                if (!_queue.TryDequeue(out _current))
                {
                    break;
                }
            }

            if (_current is null)
            {
                _inTalkspurt = false;
                _session.SkipSamples(SamplesPerFrame);
                if (++_idleTicks >= IdleTicksOnTheClock)
                {
                    _registration?.Dispose();
                    _registration = null;
                    _idleTicks = 0;
                }

                return;
            }

            _idleTicks = 0;

            var audio = _current.Audio.Span;
            var count = Math.Min(SamplesPerFrame, audio.Length - _current.Position);
            audio.Slice(_current.Position, count).CopyTo(_frame);
            _frame.AsSpan(count).Fill(_law == G711Law.MuLaw ? (byte)0xFF : (byte)0xD5);
            _session.SendAudio(_payloadType, _frame, SamplesPerFrame, marker: !_inTalkspurt);
            _inTalkspurt = true;
            _current.Position += count;
            if (_current.Position >= audio.Length)
            {
                finished = _current;
                _current = null;
            }
        }

        finished?.Finish(PlaybackOutcome.Completed);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _registration?.Dispose();
            _registration = null;
        }

        Stop();
    }

    private sealed class Playback(ReadOnlyMemory<byte> audio)
    {
        public ReadOnlyMemory<byte> Audio { get; } = audio;

        public int Position { get; set; }

        public TaskCompletionSource<PlaybackOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }

        public bool IsFinished => Completion.Task.IsCompleted;

        public void Finish(PlaybackOutcome outcome)
        {
            if (Completion.TrySetResult(outcome))
            {
                Cancellation.Dispose();
            }
        }
    }
}
