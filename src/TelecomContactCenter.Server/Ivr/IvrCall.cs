using System.Threading.Channels;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// One answered call running through its flow: turns media and timer happenings into interpreter events and the
/// interpreter's actions into media, SIP and ACD work. Thread-safe by construction: digits (receive loop), prompt
/// ends (pacing clock) and timers (TimeProvider) only post signals to a channel; one loop owns all state.
/// </summary>
internal sealed class IvrCall(
    Call owner,
    CallMedia media,
    IvrCallerProfile caller,
    PromptLibrary prompts,
    ICallQueueHandoff queue,
    TimeProvider time)
{
    private readonly Channel<Signal> _signals = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
    private ITimer? _timer;
    private int _timerGeneration;
    private int _promptGeneration;
    private bool _promptBargeIn;

    public async Task RunAsync(IvrFlow flow, CancellationToken cancellationToken)
    {
        media.DigitReceived += OnDigit;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var callerWatch = WatchCallerAsync(watching.Token);
        try
        {
            var step = IvrInterpreter.Start(flow, caller.Context);
            owner.IvrSession = step.Session;
            while (true)
            {
                if (Perform(step.Actions, cancellationToken) is { } final)
                {
                    await FinishAsync(final, cancellationToken);
                    return;
                }

                // Stale signals (a stopped prompt's end, a cancelled timer) are skipped here, not by going round
                // the outer loop, which would perform this step's actions again and replay its prompt.
                IvrEvent? ivrEvent = null;
                while (ivrEvent is null)
                {
                    var signal = await _signals.Reader.ReadAsync(cancellationToken);
                    if (signal is CallerEnded ended)
                    {
                        owner.IvrEnd = ended.How;
                        return;
                    }

                    ivrEvent = ToEvent(signal);
                }

                CancelTimer();
                step = IvrInterpreter.Handle(step.Session, ivrEvent);
            }
        }
        finally
        {
            media.DigitReceived -= OnDigit;
            CancelTimer();
            await watching.CancelAsync();
            await callerWatch;
        }
    }

    /// <summary>
    /// The caller's call is over (their BYE or CANCEL, our BYE, no ACK): posted as a signal that ends the loop
    /// wherever it is. Runs for as long as the loop does.
    /// </summary>
    private async Task WatchCallerAsync(CancellationToken stop)
    {
        try
        {
            var reason = await owner.Caller.Ended.WaitAsync(stop);
            _signals.Writer.TryWrite(new CallerEnded(owner.EndedByShutdown ? "host shutting down" : Describe(reason)));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The loop finished first.
        }
    }

    /// <summary>How the caller's call ended, for the recorded path.</summary>
    internal static string Describe(SipCallEndReason reason) => reason switch
    {
        SipCallEndReason.RemoteBye => "caller hung up (BYE)",
        SipCallEndReason.Cancelled => "caller cancelled (CANCEL)",
        SipCallEndReason.AckTimeout => "no ACK to our 200 within 64×T1; ended with BYE",
        SipCallEndReason.LocalHangUp => "the agent hung up; BYE to the caller",
        _ => "refused",
    };

    private IvrEvent? ToEvent(Signal signal)
    {
        switch (signal)
        {
            case DigitPressed digit:
                if (_promptBargeIn)
                {
                    // The prompt was stopped by this key; its "stopped" end must not count as a finished prompt.
                    _promptGeneration++;
                    _promptBargeIn = false;
                }

                return new Digit(digit.Key);
            case PromptEnded ended when ended.Generation == _promptGeneration && ended.Outcome == PlaybackOutcome.Completed:
                return new PromptFinished();
            case TimerFired fired when fired.Generation == _timerGeneration:
                return new InputTimeout();
            default:
                return null;
        }
    }

    /// <summary>Performs actions in order; returns the flow's final action (enqueue or hang-up), if this step has one.</summary>
    private IvrAction? Perform(IReadOnlyList<IvrAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            switch (action)
            {
                case PlayPrompt play:
                    Play(play, cancellationToken);
                    break;
                case StartTimer timer:
                    StartTimer(timer.Duration);
                    break;
                case CollectDigits:
                    break; // Digits are always heard; the timer starts when the interpreter asks for it.
                case RequestCallback callback:
                    owner.NoteIvr($"callback requested in queue {callback.Queue}: {callback.Reason}");
                    owner.CallbackAsked = callback;
                    owner.CallbackAskedAt = time.GetUtcNow();
                    break;
                case EnqueueCall or Hangup:
                    return action;
            }
        }

        return null;
    }

    private async Task FinishAsync(IvrAction final, CancellationToken cancellationToken)
    {
        if (final is Hangup hangup)
        {
            owner.IvrEnd = $"IVR hung up: {hangup.Reason}";
            await owner.Caller.HangUpAsync(cancellationToken);
            return;
        }

        var enqueue = (EnqueueCall)final;
        lock (owner.Gate)
        {
            owner.QueueRequest = enqueue;
        }

        owner.NoteIvr($"handed to queue {enqueue.Queue} (priority bonus {enqueue.PriorityBonus}" +
            (enqueue.PreferredAgent is null ? "" : $", preferred agent {enqueue.PreferredAgent} for {enqueue.OverflowAfter?.TotalSeconds:0} s") +
            $"): {enqueue.Reason}");
        var path = owner.ToIvrPath();
        lock (owner.Gate)
        {
            owner.CallerMedia = media;
            owner.Profile = caller;
            owner.Tier = caller.Context.Tier;
            owner.IvrPath = [.. path.Steps.Where(s => s.Kind != "Host").Select(s => s.State).Distinct()];
            owner.IvrDigits = path.Digits.Length == 0 ? null : path.Digits;
        }

        // Returns once the ACD has the call: from here the call's end work (registered on it) ends it, not this loop.
        await queue.HandOverAsync(owner, cancellationToken);
    }

    private void Play(PlayPrompt play, CancellationToken cancellationToken)
    {
        if (!prompts.TryGet(play.Prompt, out var prompt))
        {
            throw new InvalidOperationException($"Prompt '{play.Prompt}' passed validation but is not loaded.");
        }

        var generation = ++_promptGeneration;
        _promptBargeIn = play.BargeIn;
        media.BargeIn = play.BargeIn;
        owner.Own(SignalWhenPlayedAsync(media.PlayAsync(prompt, cancellationToken), generation));
    }

    private void StartTimer(TimeSpan duration)
    {
        CancelTimer();
        var generation = _timerGeneration;
        _timer = time.CreateTimer(_ => _signals.Writer.TryWrite(new TimerFired(generation)), null, duration, Timeout.InfiniteTimeSpan);
    }

    private void CancelTimer()
    {
        _timerGeneration++;
        _timer?.Dispose();
        _timer = null;
    }

    private void OnDigit(char key) => _signals.Writer.TryWrite(new DigitPressed(key));

    private abstract record Signal;

    private sealed record DigitPressed(char Key) : Signal;

    private sealed record PromptEnded(int Generation, PlaybackOutcome Outcome) : Signal;

    private sealed record TimerFired(int Generation) : Signal;

    private sealed record CallerEnded(string How) : Signal;

    /// <summary>Tells the call loop which prompt generation ended and how; a failed or cancelled play counts as stopped.</summary>
    private async Task SignalWhenPlayedAsync(Task<PlaybackOutcome> playback, int generation)
    {
        PlaybackOutcome outcome;
        try
        {
            outcome = await playback;
        }
        catch (Exception)
        {
            outcome = PlaybackOutcome.Stopped;
        }

        _signals.Writer.TryWrite(new PromptEnded(generation, outcome));
    }
}
