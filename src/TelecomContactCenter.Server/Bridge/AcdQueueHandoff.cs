using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

/// <summary>
/// The IVR's hand-over into the ACD: queues the call (<see cref="Call"/>; the ACD moves it to queued) with what the IVR
/// learnt and the customer profile the IVR already has, keeps the caller company with the queue prompt until an agent answers, passes the caller's re-INVITEs
/// (hold, resume) to the agent's leg while bridged, and when the caller's call is over (either side hung up, or the
/// caller abandoned) tears the bridge down and tells the ACD. Stateless; the call's state lives in its owner.
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

        using var events = bridged.Caller.OnEvent((dialogEvent, token) => OnCallerEventAsync(bridged, dialogEvent, token));
        try
        {
            using var music = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bridged.QueueMedia.Token);
            await calls.EnqueueAsync(handoff, cancellationToken);
            await PlayQueueMusicAsync(media, music.Token);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's call is over; the IVR cancelled us. What happens next depends on how far it got.
        }
        finally
        {
            var phase = await bridge.TearDownAsync(bridged, CancellationToken.None);
            if (phase is CallState.Queued or CallState.Ringing)
            {
                LogAbandoned(logger, bridged.Id.Value, phase);
            }

            // The ACD decides by the phase it holds: wrap-up for a connected call, abandoned for one still waiting.
            await calls.CallEndedAsync(bridged.Id, CancellationToken.None);
        }
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
        while (!cancellationToken.IsCancellationRequested)
        {
            await media.PlayAsync(prompt, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} abandoned while {Phase}")]
    private static partial void LogAbandoned(ILogger logger, string callId, CallState phase);
}
