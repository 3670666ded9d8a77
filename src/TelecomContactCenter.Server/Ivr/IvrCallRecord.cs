using System.Text.Json;
using TelecomContactCenter.Core.Ivr;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>The stored form of a call's IVR path (Interaction.IvrPath), as the interactions API returns it.</summary>
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

/// <summary>
/// What one IVR call has done: the interpreter's path plus the host's notes (profile, queue hand-over, callback,
/// how the call ended). Used by the call's own loop only; the runtime reads it after the loop has ended.
/// </summary>
internal sealed class IvrCallRecord(string callId, string accessNumber, IvrFlow flow, string caller, IvrCallerProfile profile)
{
    private readonly List<IvrPathStep> _notes = [new("Host", flow.Start, profile.Note)];

    public string CallId => callId;

    public IvrSession? Session { get; set; }

    public EnqueueCall? Queue { get; set; }

    public RequestCallback? Callback { get; set; }

    public DateTimeOffset? CallbackRequestedAt { get; set; }

    public string? End { get; set; }

    public void Note(string text) => _notes.Add(new IvrPathStep("Host", Session?.CurrentState ?? flow.Start, text));

    public IvrPathRecord ToPath() => new(
        callId,
        accessNumber,
        flow.Id,
        flow.Version,
        caller,
        Session?.Summary() ?? "",
        Session?.Digits ?? "",
        [.. _notes.Take(1), .. (Session?.Path ?? []).Select(e => new IvrPathStep(e.Kind.ToString(), e.State, e.Text)), .. _notes.Skip(1)],
        Queue?.Queue,
        Queue?.PriorityBonus,
        Queue?.Reason,
        Callback?.Queue,
        End);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IvrPathRecord))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class IvrJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
