using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Registrar;

/// <summary>The changes one REGISTER asks for, already validated; applied all-or-nothing (RFC 3261 §10.3 step 7).</summary>
internal sealed record RegistrationUpdate(
    string AddressOfRecord,
    string UserName,
    string CallId,
    long CSeq,
    IPEndPoint Source,
    bool RemoveAll,
    IReadOnlyList<ContactUpdate> Contacts,
    string Transport = SipTransportNames.Udp,
    long? ConnectionId = null);

internal sealed record ContactUpdate(
    NameAddress Contact, int ExpiresSeconds, double Q, SipPeer Target, ContactRoute Route, IReadOnlyList<NameAddress> Path);

internal enum RegistrationApplyStatus
{
    Applied,
    OutOfOrder,
    TooManyContacts,
}

/// <summary>
/// Bindings by address-of-record. Expiry needs no timer per binding: reads skip expired bindings, writes drop them,
/// and <see cref="SweepExpired"/> (run periodically) removes the rest and reports them. Besides this registrar's own
/// bindings it can hold the bindings other nodes of a cluster accepted (<see cref="SetRemote"/>), so any node rings
/// a phone registered through any node; those are read-only here. Thread-safe: one lock guards the bindings; the
/// source-address counts used on the INVITE hot path are a concurrent dictionary read without that lock; change
/// events are raised after the lock is released.
/// </summary>
public sealed class RegistrationStore : IRegistrationLookup
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<RegistrationBinding>> _bindings = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<(string Aor, string Contact), RegistrationBinding> _remote = [];

    // The same remote bindings by address-of-record: a ring looks up one agent among every other node's phones.
    private Dictionary<string, List<RegistrationBinding>> _remoteByAor = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<IPAddress, int> _sources = new();
    private readonly TimeProvider _time;
    private readonly RegistrarOptions _options;

    public RegistrationStore(TimeProvider time, IOptions<RegistrarOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _options = options.Value;
    }

    public event EventHandler<RegistrationChangedEventArgs>? BindingChanged;

    /// <summary>"agent1", "sip:agent1@10.0.0.5" and "sips:agent1@host" all name sip:agent1@Domain.</summary>
    public string CanonicalAddressOfRecord(string addressOfRecordOrUser)
    {
        ArgumentNullException.ThrowIfNull(addressOfRecordOrUser);
        var user = addressOfRecordOrUser.Contains(':', StringComparison.Ordinal)
            && AddressUri.TryParse(addressOfRecordOrUser, out var uri) && uri is SipUri { User: { } u }
            ? u
            : addressOfRecordOrUser;
        return $"sip:{user}@{_options.Domain}";
    }

    public IReadOnlyList<RegistrationBinding> FindContacts(string addressOfRecord)
    {
        var key = CanonicalAddressOfRecord(addressOfRecord);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var local = _bindings.TryGetValue(key, out var list) ? list.Where(b => b.ExpiresAt > now) : [];
            if (_remote.Count == 0)
            {
                return Ordered(local);
            }

            // A phone that moved between nodes may be in both sets for a while: this node's own binding wins.
            var own = local.ToList();
            var others = _remoteByAor.TryGetValue(key, out var remote)
                ? remote.Where(b => b.ExpiresAt > now && !own.Exists(o => SameContact(o.Contact, b.Contact)))
                : [];
            return Ordered(own.Concat(others));
        }
    }

    /// <summary>This registrar's own live bindings (not other nodes'), e.g. to save them.</summary>
    public IReadOnlyList<RegistrationBinding> LocalBindings()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return [.. _bindings.Values.SelectMany(l => l).Where(b => b.ExpiresAt > now)];
        }
    }

    /// <summary>
    /// Puts back bindings this registrar accepted before a restart (the 200 OK told the phone it is registered until
    /// their expiry): expired ones are skipped, as are bindings only reachable over a stream connection that died
    /// with the process; a binding the phone has refreshed since is kept. Raises <see cref="RegistrationChangeKind.Added"/>.
    /// </summary>
    public int Restore(IEnumerable<RegistrationBinding> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var now = _time.GetUtcNow();
        var changes = new List<RegistrationChangedEventArgs>();
        lock (_gate)
        {
            foreach (var group in saved.Where(b => b.ExpiresAt > now && Restorable(b)).GroupBy(b => b.AddressOfRecord, StringComparer.OrdinalIgnoreCase))
            {
                var existing = _bindings.TryGetValue(group.Key, out var list) ? list : [];
                var live = existing.Where(b => b.ExpiresAt > now).ToList();
                foreach (var binding in group)
                {
                    if (!live.Exists(b => SameContact(b.Contact, binding.Contact)) && live.Count < _options.MaxContactsPerAddressOfRecord)
                    {
                        live.Add(binding with { ConnectionId = null, Target = binding.Target with { ConnectionId = null } });
                    }
                }

                Commit(group.Key, existing, live, now, changes);
            }
        }

        Raise(changes);
        return changes.Count(c => c.Kind == RegistrationChangeKind.Added);
    }

    /// <summary>
    /// Replaces the bindings other nodes hold (the whole set, as read from the shared store) and raises a change
    /// event, marked remote, for each binding that appeared, was refreshed or went.
    /// </summary>
    public void SetRemote(IReadOnlyCollection<RegistrationBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var now = _time.GetUtcNow();
        var next = new Dictionary<(string Aor, string Contact), RegistrationBinding>();
        foreach (var binding in bindings.Where(b => b.ExpiresAt > now))
        {
            next[(binding.AddressOfRecord.ToUpperInvariant(), binding.Contact.Uri.ToString().ToUpperInvariant())] = binding;
        }

        var changes = new List<RegistrationChangedEventArgs>();
        lock (_gate)
        {
            foreach (var (key, old) in _remote)
            {
                if (!next.TryGetValue(key, out var successor))
                {
                    AdjustSource(old.Source.Address, -1);
                    changes.Add(new(old, old.ExpiresAt <= now ? RegistrationChangeKind.Expired : RegistrationChangeKind.Removed, isRemote: true));
                }
                else if (successor.ExpiresAt != old.ExpiresAt || successor.CSeq != old.CSeq || successor.Target != old.Target)
                {
                    AdjustSource(old.Source.Address, -1);
                    AdjustSource(successor.Source.Address, +1);
                    changes.Add(new(successor, RegistrationChangeKind.Refreshed, isRemote: true));
                }
            }

            foreach (var (key, binding) in next)
            {
                if (!_remote.ContainsKey(key))
                {
                    AdjustSource(binding.Source.Address, +1);
                    changes.Add(new(binding, RegistrationChangeKind.Added, isRemote: true));
                }
            }

            _remote = next;
            _remoteByAor = next.Values.GroupBy(b => b.AddressOfRecord, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        }

        Raise(changes);
    }

    public bool IsRegisteredSource(IPAddress address) =>
        _sources.TryGetValue(SourceAddress.Normalize(address), out var count) && count > 0;

    /// <summary>Removes expired bindings and raises <see cref="RegistrationChangeKind.Expired"/> for each.</summary>
    public int SweepExpired()
    {
        var now = _time.GetUtcNow();
        var changes = new List<RegistrationChangedEventArgs>();
        lock (_gate)
        {
            foreach (var key in _bindings.Keys.ToList())
            {
                var list = _bindings[key];
                var live = list.Where(b => b.ExpiresAt > now).ToList();
                if (live.Count != list.Count)
                {
                    Commit(key, list, live, now, changes);
                }
            }
        }

        Raise(changes);
        return changes.Count;
    }

    internal (RegistrationApplyStatus Status, IReadOnlyList<RegistrationBinding> Bindings) Apply(RegistrationUpdate update)
    {
        var now = _time.GetUtcNow();
        var changes = new List<RegistrationChangedEventArgs>();
        RegistrationApplyStatus status;
        IReadOnlyList<RegistrationBinding> current;
        lock (_gate)
        {
            var existing = _bindings.TryGetValue(update.AddressOfRecord, out var list) ? list : [];
            var live = existing.Where(b => b.ExpiresAt > now).ToList();
            status = update.RemoveAll ? RemoveAll(update, live) : Update(update, live, now);
            if (status == RegistrationApplyStatus.Applied)
            {
                Commit(update.AddressOfRecord, existing, live, now, changes);
            }

            current = Ordered(_bindings.GetValueOrDefault(update.AddressOfRecord, []).Where(b => b.ExpiresAt > now));
        }

        Raise(changes);
        return (status, current);
    }

    private static RegistrationApplyStatus RemoveAll(RegistrationUpdate update, List<RegistrationBinding> live)
    {
        // §10.3 step 6: a binding from the same Call-ID may only be removed by a higher CSeq.
        if (live.Exists(b => b.CallId == update.CallId && update.CSeq <= b.CSeq))
        {
            return RegistrationApplyStatus.OutOfOrder;
        }

        live.Clear();
        return RegistrationApplyStatus.Applied;
    }

    private RegistrationApplyStatus Update(RegistrationUpdate update, List<RegistrationBinding> live, DateTimeOffset now)
    {
        foreach (var change in update.Contacts)
        {
            var index = live.FindIndex(b => SameContact(b.Contact, change.Contact));
            if (index >= 0 && live[index].CallId == update.CallId && update.CSeq <= live[index].CSeq)
            {
                return RegistrationApplyStatus.OutOfOrder;
            }

            if (index >= 0)
            {
                live.RemoveAt(index);
            }

            if (change.ExpiresSeconds > 0)
            {
                live.Add(new RegistrationBinding
                {
                    AddressOfRecord = update.AddressOfRecord,
                    Contact = change.Contact,
                    ExpiresAt = now.AddSeconds(change.ExpiresSeconds),
                    Q = change.Q,
                    CallId = update.CallId,
                    CSeq = update.CSeq,
                    Source = update.Source,
                    Transport = update.Transport,
                    ConnectionId = update.ConnectionId,
                    UserName = update.UserName,
                    Target = change.Target,
                    Route = change.Route,
                    Path = change.Path,
                });
            }
        }

        return live.Count > _options.MaxContactsPerAddressOfRecord
            ? RegistrationApplyStatus.TooManyContacts
            : RegistrationApplyStatus.Applied;
    }

    private void Commit(
        string key,
        List<RegistrationBinding> before,
        List<RegistrationBinding> after,
        DateTimeOffset now,
        List<RegistrationChangedEventArgs> changes)
    {
        foreach (var old in before)
        {
            AdjustSource(old.Source.Address, -1);
            var successor = after.Find(b => SameContact(b.Contact, old.Contact));
            if (successor is null)
            {
                changes.Add(new(old, old.ExpiresAt <= now ? RegistrationChangeKind.Expired : RegistrationChangeKind.Removed));
            }
            else if (!ReferenceEquals(successor, old))
            {
                changes.Add(new(successor, RegistrationChangeKind.Refreshed));
            }
        }

        foreach (var binding in after)
        {
            AdjustSource(binding.Source.Address, +1);
            if (!before.Exists(b => SameContact(b.Contact, binding.Contact)))
            {
                changes.Add(new(binding, RegistrationChangeKind.Added));
            }
        }

        if (after.Count == 0)
        {
            _bindings.Remove(key);
        }
        else
        {
            _bindings[key] = after;
        }
    }

    private void AdjustSource(IPAddress address, int delta)
    {
        var key = SourceAddress.Normalize(address);
        var count = _sources.AddOrUpdate(key, delta, (_, current) => current + delta);
        if (count <= 0)
        {
            _sources.TryRemove(KeyValuePair.Create(key, count));
        }
    }

    private void Raise(List<RegistrationChangedEventArgs> changes)
    {
        foreach (var change in changes)
        {
            BindingChanged?.Invoke(this, change);
        }
    }

    private static bool Restorable(RegistrationBinding binding) =>
        binding.Transport == SipTransportNames.Udp || binding.Route is ContactRoute.Contact;

    private static List<RegistrationBinding> Ordered(IEnumerable<RegistrationBinding> bindings) =>
        [.. bindings.OrderByDescending(b => b.Q).ThenByDescending(b => b.ExpiresAt)];

    private static bool SameContact(NameAddress a, NameAddress b) =>
        string.Equals(a.Uri.ToString(), b.Uri.ToString(), StringComparison.OrdinalIgnoreCase);
}
