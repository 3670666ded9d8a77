using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// The IVR's hand-over into the ACD: queues the call (<see cref="Call"/>; the ACD moves it to queued) with what the IVR
/// learnt and the customer profile the IVR already has, keeps the caller company with the queue prompt until an agent
/// answers, passes the caller's re-INVITEs (hold, resume) to the agent's leg while bridged, and registers the call's
/// end work: when the caller's leg ends (<see cref="SipCall.Ended"/>: either side hung up, or the caller abandoned) the
/// music stops, the bridge is torn down and the ACD told, which moves the call to wrap-up or abandoned. Returns once
/// the call is queued. Stateless; the call's state lives in its owner.
/// </summary>
internal sealed partial class AcdQueueHandoff(
    CallBridge bridge, ICallEntry calls, ReInviteRelay reInvites, PromptLibrary prompts, ILogger<AcdQueueHandoff> logger)
    : ICallQueueHandoff
{
    /// <summary>The prompt callers hear on a loop while they wait, and while a desktop-answered call is held.</summary>
    public const string WaitPrompt = "queue-wait";

    public async Task HandOverAsync(Call bridged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bridged);
        CallHandoff handoff;
        CallMedia media;
        lock (bridged.Gate)
        {
            media = bridged.CallerMedia ?? throw new InvalidOperationException($"Call {bridged.Id.Value} reached the queue without media.");
            handoff = Handoff(bridged);
        }

        // The caller's leg decides: the queue music plays until an agent answers (or the leg ends), and the call is
        // torn down as its end work when the leg ends, however that happens (either side's BYE, CANCEL, no ACK).
        var events = bridged.Caller.OnEvent((dialogEvent, token) => OnCallerEventAsync(bridged, dialogEvent, token));
        var music = CancellationTokenSource.CreateLinkedTokenSource(bridged.QueueMedia.Token);
        var playing = Task.CompletedTask;
        bridged.OnEnd(async () =>
        {
            events.Dispose();
            await music.CancelAsync();
            await playing;
            music.Dispose();
            var phase = await bridge.TearDownAsync(bridged, CancellationToken.None);
            if (phase is CallState.Queued or CallState.Ringing)
            {
                LogAbandoned(logger, bridged.Id.Value, phase);
            }

            // The ACD decides by the phase it holds: wrap-up for a connected call, abandoned for one still waiting.
            await calls.CallEndedAsync(bridged.Id, CancellationToken.None);
        });

        await calls.EnqueueAsync(handoff, cancellationToken);
        playing = PlayQueueMusicAsync(media, music.Token);
    }

    /// <summary>A re-INVITE from the caller while bridged goes on to the agent's phone; anything else is the IVR's.</summary>
    private async ValueTask OnCallerEventAsync(Call bridged, DialogEvent dialogEvent, CancellationToken cancellationToken)
    {
        if (dialogEvent.Kind == DialogEventKind.ReInvite)
        {
            await reInvites.RelayAsync(bridged, dialogEvent, fromCaller: true, cancellationToken);
        }
    }

    /// <summary>What the ACD is told about the call; under the call's gate.</summary>
    private static CallHandoff Handoff(Call bridged)
    {
        var identity = bridged.Identity;
        var context = bridged.Profile?.Context;
        var request = bridged.QueueRequest ?? throw new InvalidOperationException($"Call {bridged.Id.Value} reached the queue without a queue request.");
        return new CallHandoff
        {
            CustomerLookup = bridged.Customer,
            CallId = bridged.Id,
            Caller = new CallerIdentityInfo(identity.IsWithheld ? null : identity.Raw, identity.IsWithheld ? null : identity.E164,
                identity.Confidence.ToString()),
            CustomerPhone = identity.E164 ?? identity.TrustDomainE164,
            Tier = context?.Tier,
            Stage = context?.Stage?.ToString(),
            IvrPath = bridged.IvrPath,
            IvrDigits = bridged.IvrDigits,
            Queue = request.Queue,
            PriorityBonus = request.PriorityBonus,
            Skills = request.Skills,
            PreferredAgent = request.PreferredAgent,
            PreferredAgentTimeout = request.OverflowAfter,
        };
    }

    private async Task PlayQueueMusicAsync(CallMedia media, CancellationToken cancellationToken)
    {
        if (!prompts.TryGet(WaitPrompt, out var prompt))
        {
            return;
        }

        media.BargeIn = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await media.PlayAsync(prompt, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // An agent answered, or the caller's leg ended.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} abandoned while {Phase}")]
    private static partial void LogAbandoned(ILogger logger, string callId, CallState phase);
}
