using System.Text.Json;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// The stored form of a call's IVR path (Interaction.IvrPath), as the interactions API returns it: the one shape of
/// the path, made from the call's owner (<see cref="Calls.Call.ToIvrPath"/>) at admission, at the hand-over to the
/// queue and at the call's end. <see cref="Flow"/> is empty until the IVR has chosen the flow, <see cref="End"/> null
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
    string? End);

/// <summary>One line of the path: a state entered, a key, a decision with its reason, or a note from the host.</summary>
internal sealed record IvrPathStep(string Kind, string State, string Text);

[System.Text.Json.Serialization.JsonSerializable(typeof(IvrPathRecord))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class IvrJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
