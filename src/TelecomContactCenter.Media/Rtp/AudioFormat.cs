using TelecomContactCenter.Media.Codecs;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>What one call leg negotiated in its SDP answer: the G.711 law, its payload type, and telephone-event's.</summary>
public sealed record AudioFormat(G711Law Law, int AudioPayloadType, int? TelephoneEventPayloadType);
