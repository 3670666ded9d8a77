using System.Collections;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>One header line: its name (long form for known headers) and its unfolded value.</summary>
public sealed record SipHeader(string Name, string Value);

/// <summary>
/// The header fields of a message in wire order. Names compare case-insensitively and compact forms are expanded,
/// so "v" and "VIA" lines are both Via values. Not thread-safe: a message is built or read by one thread at a time.
/// </summary>
public sealed class SipHeaders : IReadOnlyList<SipHeader>
{
    private readonly List<SipHeader> _items = [];

    public int Count => _items.Count;

    /// <summary>Changes on every edit, so typed views parsed from the headers know when to parse again.</summary>
    public int Version { get; private set; }

    public SipHeader this[int index] => _items[index];

    public void Add(string name, string value)
    {
        _items.Add(new SipHeader(SipHeaderNames.Normalize(name), value));
        Version++;
    }

    /// <summary>Adds a value before every existing line of that name (e.g. a new top Via).</summary>
    public void AddFirst(string name, string value)
    {
        name = SipHeaderNames.Normalize(name);
        var index = IndexOf(name);
        _items.Insert(index < 0 ? _items.Count : index, new SipHeader(name, value));
        Version++;
    }

    /// <summary>Replaces every line of that name by one line at the first one's position (or at the end).</summary>
    public void Set(string name, string value)
    {
        name = SipHeaderNames.Normalize(name);
        var index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(new SipHeader(name, value));
        }
        else
        {
            _items[index] = new SipHeader(name, value);
            RemoveFrom(index + 1, name);
        }

        Version++;
    }

    /// <summary>Replaces every line of that name by <paramref name="values"/>, at the first line's position.</summary>
    public void ReplaceAll(string name, IEnumerable<string> values)
    {
        name = SipHeaderNames.Normalize(name);
        var index = IndexOf(name);
        RemoveFrom(0, name);
        _items.InsertRange(index < 0 ? _items.Count : index, values.Select(v => new SipHeader(name, v)));
        Version++;
    }

    public int Remove(string name)
    {
        name = SipHeaderNames.Normalize(name);
        Version++;
        return RemoveFrom(0, name);
    }

    public bool Contains(string name) => IndexOf(SipHeaderNames.Normalize(name)) >= 0;

    /// <summary>The first line's whole value, or null.</summary>
    public string? Get(string name) => IndexOf(SipHeaderNames.Normalize(name)) is var index and >= 0 ? _items[index].Value : null;

    /// <summary>Every line's whole value, in order, without splitting at commas.</summary>
    public IReadOnlyList<string> GetLines(string name)
    {
        name = SipHeaderNames.Normalize(name);
        var lines = new List<string>(1);
        foreach (var header in _items)
        {
            if (Matches(header, name))
            {
                lines.Add(header.Value);
            }
        }

        return lines;
    }

    /// <summary>Every value in order; for list headers, comma-separated values on one line are split (§7.3.1).</summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        name = SipHeaderNames.Normalize(name);
        var split = SipHeaderNames.IsList(name);
        var values = new List<string>();
        foreach (var header in _items)
        {
            if (!Matches(header, name))
            {
                continue;
            }

            if (split)
            {
                HeaderValueSplitter.Split(header.Value, values);
            }
            else
            {
                values.Add(header.Value);
            }
        }

        return values;
    }

    public SipHeaders Clone()
    {
        var copy = new SipHeaders();
        copy._items.AddRange(_items);
        copy.Version = Version;
        return copy;
    }

    public IEnumerator<SipHeader> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Lookups run several times per message on the receive path: plain loops, no predicate closures or iterators.
    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (Matches(_items[i], name))
            {
                return i;
            }
        }

        return -1;
    }

    private int RemoveFrom(int start, string name)
    {
        var kept = start;
        for (var i = start; i < _items.Count; i++)
        {
            if (!Matches(_items[i], name))
            {
                _items[kept++] = _items[i];
            }
        }

        var removed = _items.Count - kept;
        _items.RemoveRange(kept, removed);
        return removed;
    }

    private static bool Matches(SipHeader header, string name) =>
        string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase);
}
