using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelecomContactCenter.Server.Contact;

/// <summary>The JSON of a call's lists on its interaction row (offers, routing).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<OfferRecord>))]
[JsonSerializable(typeof(IReadOnlyList<RoutingStep>))]
internal sealed partial class CallRecordJson : JsonSerializerContext;
