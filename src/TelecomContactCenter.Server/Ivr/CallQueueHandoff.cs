using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Prompts;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>A call the IVR hands to the ACD: its SIP Call-ID, media, the flow's decision, the caller's profile and the path so far.</summary>
internal sealed record IvrQueuedCall(string CallId, CallMedia Media, EnqueueCall Request, IvrCallerProfile Caller)
{
    /// <summary>The flow states the caller went through, in order, for the screen pop and the interaction record.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    public string? Digits { get; init; }
}

/// <summary>
/// Where the IVR hands calls that must wait for an agent. The task completes when the call has left the queue
/// (answered elsewhere or abandoned); cancellation means the caller hung up.
/// </summary>
internal interface ICallQueueHandoff
{
    Task HandOverAsync(IvrQueuedCall call, CancellationToken cancellationToken);
}

/// <summary>
/// Until the ACD runtime takes calls: keep the caller company with queue-wait on a loop until they hang up. The
/// queue, priority and reason are already on the recorded path. Stateless.
/// </summary>
internal sealed class PromptLoopQueueHandoff(PromptLibrary prompts) : ICallQueueHandoff
{
    public const string WaitPrompt = "queue-wait";

    public async Task HandOverAsync(IvrQueuedCall call, CancellationToken cancellationToken)
    {
        if (!prompts.TryGet(WaitPrompt, out var prompt))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return;
        }

        call.Media.BargeIn = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            await call.Media.PlayAsync(prompt, cancellationToken);
        }
    }
}
