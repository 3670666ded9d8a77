using TelecomContactCenter.Server.Calls;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Where the IVR hands calls that must wait for an agent: the call's owner, with what the IVR learnt (profile, path,
/// digits, queue request) and the caller's media already on it. The task completes once the ACD has the call; what
/// ends the queued or bridged call (queue music stopped, legs torn down, the ACD told) is registered as the call's end
/// work (<see cref="Call.OnEnd"/>), which runs when the caller's leg ends.
/// </summary>
internal interface ICallQueueHandoff
{
    Task HandOverAsync(Call call, CancellationToken cancellationToken);
}
