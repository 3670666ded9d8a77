using System.Net;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Registrar;

/// <summary>One Contact bound to an address-of-record (RFC 3261 §10.3).</summary>
public sealed record RegistrationBinding
{
    public required string AddressOfRecord { get; init; }

    /// <summary>The Contact as the phone sent it (its expires and q parameters are not meaningful here).</summary>
    public required NameAddress Contact { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Preference among the AOR's contacts, 0 to 1 (RFC 3261 §20.10); 1 when the phone did not say.</summary>
    public required double Q { get; init; }

    public required string CallId { get; init; }

    public required long CSeq { get; init; }

    /// <summary>Where the REGISTER came from (RFC 3581 received/rport): how to reach a phone behind NAT.</summary>
    public required IPEndPoint Source { get; init; }

    /// <summary>The transport the REGISTER came over (UDP, TCP or TLS).</summary>
    public string Transport { get; init; } = SipTransportNames.Udp;

    /// <summary>The stream connection the REGISTER came over; requests to the phone reuse it while it is open.</summary>
    public long? ConnectionId { get; init; }

    public required string UserName { get; init; }

    /// <summary>
    /// Where requests for this contact are sent: the Contact's own address, or the source when NAT was detected,
    /// forced, or the phone asked for RFC 5626 outbound (<see cref="Route"/> says which).
    /// </summary>
    public required SipPeer Target { get; init; }

    public ContactRoute Route { get; init; }

    /// <summary>The REGISTER's Path (RFC 3327), put as Route headers on requests to this contact; empty without one.</summary>
    public IReadOnlyList<NameAddress> Path { get; init; } = [];

    public TimeSpan Remaining(DateTimeOffset now) => ExpiresAt > now ? ExpiresAt - now : TimeSpan.Zero;
}

public enum RegistrationChangeKind
{
    Added,
    Refreshed,
    Removed,
    Expired,
}

public sealed class RegistrationChangedEventArgs(RegistrationBinding binding, RegistrationChangeKind kind, bool isRemote = false) : EventArgs
{
    public RegistrationBinding Binding { get; } = binding;

    public RegistrationChangeKind Kind { get; } = kind;

    /// <summary>The binding is held by another node of the cluster (<see cref="RegistrationStore.SetRemote"/>), not by this registrar.</summary>
    public bool IsRemote { get; } = isRemote;
}

/// <summary>What the ACD needs from the registrar: where an agent's phone can be rung right now.</summary>
public interface IRegistrationLookup
{
    /// <summary>Raised after a binding is added, refreshed, removed or found expired; never under a lock.</summary>
    event EventHandler<RegistrationChangedEventArgs>? BindingChanged;

    /// <summary>
    /// Live contacts for an address-of-record ("agent1" or "sip:agent1@any-host"), highest q first, then the most
    /// recently registered; empty when the agent's phone is not registered.
    /// </summary>
    IReadOnlyList<RegistrationBinding> FindContacts(string addressOfRecord);

    /// <summary>True when some registered phone sent its REGISTER from this address.</summary>
    bool IsRegisteredSource(IPAddress address);
}
