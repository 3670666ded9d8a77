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
        var index = _items.FindIndex(h => Matches(h, name));
        _items.Insert(index < 0 ? _items.Count : index, new SipHeader(name, value));
        Version++;
    }

    /// <summary>Replaces every line of that name by one line at the first one's position (or at the end).</summary>
    public void Set(string name, string value)
    {
        name = SipHeaderNames.Normalize(name);
        var index = _items.FindIndex(h => Matches(h, name));
        _items.RemoveAll(h => Matches(h, name));
        _items.Insert(index < 0 ? _items.Count : Math.Min(index, _items.Count), new SipHeader(name, value));
        Version++;
    }

    /// <summary>Replaces every line of that name by <paramref name="values"/>, at the first line's position.</summary>
    public void ReplaceAll(string name, IEnumerable<string> values)
    {
        name = SipHeaderNames.Normalize(name);
        var index = _items.FindIndex(h => Matches(h, name));
        _items.RemoveAll(h => Matches(h, name));
        _items.InsertRange(index < 0 ? _items.Count : index, values.Select(v => new SipHeader(name, v)));
        Version++;
    }

    public int Remove(string name)
    {
        name = SipHeaderNames.Normalize(name);
        Version++;
        return _items.RemoveAll(h => Matches(h, name));
    }

    public bool Contains(string name)
    {
        name = SipHeaderNames.Normalize(name);
        return _items.Exists(h => Matches(h, name));
    }

    /// <summary>The first line's whole value, or null.</summary>
    public string? Get(string name)
    {
        name = SipHeaderNames.Normalize(name);
        return _items.Find(h => Matches(h, name))?.Value;
    }

    /// <summary>Every line's whole value, in order, without splitting at commas.</summary>
    public IReadOnlyList<string> GetLines(string name)
    {
        name = SipHeaderNames.Normalize(name);
        return _items.Where(h => Matches(h, name)).Select(h => h.Value).ToList();
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

    private static bool Matches(SipHeader header, string name) =>
        string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase);
}
