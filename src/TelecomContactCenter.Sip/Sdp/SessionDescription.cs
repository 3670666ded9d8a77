namespace TelecomContactCenter.Sip.Sdp;

/// <summary>An SDP session description (RFC 4566 §5). Immutable; build answers with <c>with</c> expressions.</summary>
public sealed record SessionDescription
{
    public int Version { get; init; }

    public required SdpOrigin Origin { get; init; }

    public required string SessionName { get; init; }

    public SdpConnection? Connection { get; init; }

    public IReadOnlyList<SdpTiming> Timings { get; init; } = [new SdpTiming(0, 0)];

    public IReadOnlyList<SdpAttributeLine> Attributes { get; init; } = [];

    public IReadOnlyList<SdpMedia> Media { get; init; } = [];

    /// <summary>The session-level direction attribute, if any (it applies to media without their own).</summary>
    public MediaDirection? Direction => SdpAttributeLine.FindDirection(Attributes);

    public override string ToString() => SdpSerializer.Serialize(this);
}

/// <summary>The o= line (RFC 4566 §5.2).</summary>
public sealed record SdpOrigin(
    string UserName,
    ulong SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string Address);

/// <summary>The c= line (RFC 4566 §5.7).</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>True for the RFC 2543 style of hold, which still appears in re-INVITEs from older phones.</summary>
    public bool IsNullAddress => Address is "0.0.0.0" or "::";

    public static SdpConnection ForAddress(System.Net.IPAddress address) =>
        new("IN", address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4",
            address.ToString());
}

/// <summary>The t= line (RFC 4566 §5.9); 0 0 means an unbounded session, which is what SIP calls use.</summary>
public sealed record SdpTiming(ulong Start, ulong Stop);

/// <summary>An a= line; flag attributes such as <c>sendonly</c> have no value.</summary>
public sealed record SdpAttributeLine(string Name, string? Value = null)
{
    internal static MediaDirection? FindDirection(IReadOnlyList<SdpAttributeLine> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Value is null && MediaDirections.TryParse(attribute.Name, out var direction))
            {
                return direction;
            }
        }

        return null;
    }
}
