using System.Text.Json;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// The stored form of a call's IVR path (Interaction.IvrPath), as the interactions API returns it: the one shape of
/// the path, made from the call's owner (<see cref="Calls.Call.ToIvrPath"/>) at admission, at the hand-over to the
/// queue and at the call's end, or from the states a call was queued with when it did not come through this IVR. <see cref="Flow"/> is empty until the IVR has chosen the flow, <see cref="End"/> null
/// until the call has ended.
/// </summary>
internal sealed record IvrPathRecord(
    string CallId,
    string AccessNumber,
    string Flow,
    string FlowVersion,
    string Caller,
    string Summary,
    string Digits,
    IReadOnlyList<IvrPathStep> Steps,
    string? Queue,
    int? PriorityBonus,
    string? QueueReason,
    string? CallbackQueue,
    string? End)
{
    /// <summary>
    /// The path of a call queued with a list of IVR states and no IVR of this host's (the ACD's entry used directly):
    /// each state a step of kind <c>State</c>, <see cref="Flow"/> empty.
    /// </summary>
    public static IvrPathRecord OfStates(string callId, string caller, IReadOnlyList<string> states, string? digits, string queue) => new(
        callId, "", "", "", caller, "", digits ?? "", [.. states.Select(state => new IvrPathStep("State", state, ""))], queue, null, null, null, null);
}

/// <summary>One line of the path: a state entered, a key, a decision with its reason, or a note from the host.</summary>
internal sealed record IvrPathStep(string Kind, string State, string Text);

[System.Text.Json.Serialization.JsonSerializable(typeof(IvrPathRecord))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class IvrJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
