using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Server.Calls;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// The B2BUA: rings, connects, holds and tears down the legs of the calls the IVR has handed to the ACD. The calls
/// themselves are their owners' (<see cref="Call"/>, found in the one <see cref="CallBook"/>), and their phase is the
/// ACD's to move: the bridge reads it to decide what the legs do. Each leg's own dialog events reach the holder of
/// that leg (<see cref="AcdQueueHandoff"/> for the caller, <see cref="SipAgentPhone"/> for the agent). Thread-safe:
/// each call's legs and relay change under that call's gate, and the SIP and media work a change calls for runs after
/// the gate is released.
/// </summary>
internal sealed partial class CallBridge(CallBook calls, ILogger<CallBridge> logger)
{
    private long _relayedToAgent;
    private long _relayedToCaller;

    /// <summary>RTP packets relayed caller → agent over every ended bridge.</summary>
    public long RelayedToAgent => Interlocked.Read(ref _relayedToAgent);

    /// <summary>RTP packets relayed agent → caller over every ended bridge.</summary>
    public long RelayedToCaller => Interlocked.Read(ref _relayedToCaller);

    /// <summary>The call with this id that came in over SIP (it has a caller leg); null for any other call or an unknown id.</summary>
    public Call? Find(CallId callId) => calls.Find(callId) is { CallerLeg: not null } call ? call : null;

    /// <summary>
    /// Starts ringing <paramref name="leg"/> for the ring the ACD has just started; false when the call is not ringing
    /// any more. A leg of an earlier ring still winding down is replaced: it returns its own lease.
    /// </summary>
    public static bool StartRinging(Call call, AgentLeg leg)
    {
        lock (call.Gate)
        {
            if (call.State != CallState.Ringing)
            {
                return false;
            }

            call.Agent = leg;
        }

        return true;
    }

    /// <summary>
    /// The agent's phone answered and the ACD took the answer (the call is connected): the queue music stops and RTP
    /// flows between the legs. False when the caller left (or the offer was withdrawn) in the meantime; the agent leg
    /// is then the caller's to end.
    /// </summary>
    public bool Connect(Call call, AgentLeg leg, AudioFormat agentFormat)
    {
        lock (call.Gate)
        {
            if (call.State != CallState.Connected || call.Agent != leg || call.CallerMedia?.Format is not { } callerFormat)
            {
                return false;
            }

            call.QueueMedia.Cancel();
            call.CallerMedia.StopPlayback();
            call.Relay = new RtpRelay(call.CallerMedia.Session, callerFormat, leg.Media.Session, agentFormat);
        }

        LogBridged(logger, call.Id.Value, leg.Agent.Value, call.CallerMedia.LocalRtpPort, leg.Media.LocalRtpPort);
        return true;
    }

    /// <summary>
    /// An agent leg that did not become a bridge (refused, cancelled, late): the call lets it go and its lease is
    /// returned. The call's phase is the ACD's: its ring timeout or cancel takes the offer back.
    /// </summary>
    public static async Task ReleaseRingingAsync(Call call, AgentLeg leg)
    {
        lock (call.Gate)
        {
            if (call.Agent == leg)
            {
                call.Agent = null;
            }
        }

        await leg.Media.DisposeAsync();
    }

    /// <summary>
    /// The agent accepted on the desktop while no phone leg was answered, and the ACD connected the call: the queue
    /// music stops (there is no audio path to the agent). A phone leg still ringing is left to the ACD's cancel. False
    /// when the call is not connected (the caller has already gone).
    /// </summary>
    public bool AnswerOnDesktop(Call call)
    {
        lock (call.Gate)
        {
            if (call.State != CallState.Connected)
            {
                return false;
            }

            call.QueueMedia.Cancel();
            call.CallerMedia?.StopPlayback();
        }

        LogDesktopAnswered(logger, call.Id.Value);
        return true;
    }

    /// <summary>
    /// Holds or resumes a desktop-answered call: while held the caller hears the queue prompt in a loop. Only a call
    /// with no relay (no phone leg): a phone holds with its own re-INVITE, which <see cref="ReInviteRelay"/> passes on.
    /// False when the call cannot be held from the desktop.
    /// </summary>
    public bool HoldOnDesktop(Call call, bool hold, Prompt music)
    {
        CallMedia media;
        CancellationTokenSource? playing;
        CancellationToken? started;
        lock (call.Gate)
        {
            if (call.State != CallState.Connected || call.Relay is not null || call.CallerMedia is null)
            {
                return false;
            }

            media = call.CallerMedia;
            playing = call.HoldMusic;
            if (hold && playing is not null)
            {
                return true;
            }

            call.HoldMusic = hold ? new CancellationTokenSource() : null;
            started = call.HoldMusic?.Token;
        }

        LogHold(logger, call.Id.Value, hold);
        if (started is { } token)
        {
            call.Own(PlayHoldMusicAsync(media, music, token));
            return true;
        }

        playing?.Cancel();
        playing?.Dispose();
        media.StopPlayback();
        return true;
    }

    private static async Task PlayHoldMusicAsync(CallMedia media, Prompt music, CancellationToken token)
    {
        media.BargeIn = false;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await media.PlayAsync(music, token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Resumed, or the call ended under the music.
        }
    }

    /// <summary>
    /// The agent hung up on the desktop: BYE to the caller, and the agent's phone leg (if one is answered) gets BYE
    /// when the bridge is torn down. False when the call was not bridged.
    /// </summary>
    public async Task<bool> DesktopHungUpAsync(Call call, CancellationToken cancellationToken)
    {
        lock (call.Gate)
        {
            if (call.State != CallState.Connected)
            {
                return false;
            }

            call.EndedBy = "desktop";
        }

        LogAgentHungUp(logger, call.Id.Value);
        await call.Caller.HangUpAsync(cancellationToken);
        return true;
    }

    /// <summary>The agent's phone sent BYE: the caller gets BYE too. False when the call was not bridged.</summary>
    public async Task<bool> AgentHungUpAsync(Call call, CancellationToken cancellationToken)
    {
        lock (call.Gate)
        {
            if (call.State != CallState.Connected)
            {
                return false;
            }

            call.EndedBy = "agent";
        }

        LogAgentHungUp(logger, call.Id.Value);
        await call.Caller.HangUpAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The caller's side of the call is over (hang-up either way, abandonment, shutdown): the relay stops, a ringing
    /// agent leg is cancelled, an answered one gets BYE unless it hung up itself, and its media lease is returned.
    /// Returns the phase the call had; the ACD, told next, moves it on to wrap-up or abandoned.
    /// </summary>
    public async Task<CallState> TearDownAsync(Call call, CancellationToken cancellationToken)
    {
        CallState phase;
        AgentLeg? leg;
        RtpRelay? relay;
        CancellationTokenSource? hold;
        lock (call.Gate)
        {
            phase = call.State;
            call.EndedBy ??= "caller";
            leg = call.Agent;
            call.Agent = null;
            relay = call.Relay;
            call.Relay = null;
            hold = call.HoldMusic;
            call.HoldMusic = null;
        }

        if (relay is not null)
        {
            LogEnded(logger, call.Id.Value, call.EndedBy, relay.ForwardedToAgent, relay.ForwardedToCaller);
            relay.Dispose();
            Interlocked.Add(ref _relayedToAgent, relay.ForwardedToAgent);
            Interlocked.Add(ref _relayedToCaller, relay.ForwardedToCaller);
        }

        await call.QueueMedia.CancelAsync();
        if (hold is not null)
        {
            await hold.CancelAsync();
            hold.Dispose();
        }

        if (leg is null)
        {
            return phase;
        }

        await leg.Ringing.CancelAsync();
        if (leg.Sip is not null && call.EndedBy != "agent")
        {
            await leg.Sip.HangUpAsync(cancellationToken);
        }

        await leg.Media.DisposeAsync();
        return phase;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} bridged to {AgentId} (caller RTP port {CallerPort}, agent RTP port {AgentPort})")]
    private static partial void LogBridged(ILogger logger, string callId, string agentId, int callerPort, int agentPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} held from the desktop: {Held}")]
    private static partial void LogHold(ILogger logger, string callId, bool held);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} answered on the agent's desktop (no audio path to the agent)")]
    private static partial void LogDesktopAnswered(ILogger logger, string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: the agent hung up; BYE to the caller")]
    private static partial void LogAgentHungUp(ILogger logger, string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} ended by the {EndedBy}: {ToAgent} RTP packets relayed to the agent, {ToCaller} to the caller")]
    private static partial void LogEnded(ILogger logger, string callId, string endedBy, long toAgent, long toCaller);
}
