using System.Collections;
using System.Text;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>One generic parameter: a name and an optional value (quoted values keep their quotes).</summary>
public sealed record SipParameter(string Name, string? Value);

/// <summary>
/// Ordered generic parameters (RFC 3261 §7.3.1, §25.1 generic-param) with case-insensitive names. Not thread-safe:
/// a parameter list belongs to one message or URI being built or read on one thread.
/// </summary>
public sealed class SipParameters : IReadOnlyList<SipParameter>, IEquatable<SipParameters>
{
    private readonly List<SipParameter> _items = [];

    public SipParameters()
    {
    }

    public SipParameters(IEnumerable<SipParameter> items)
    {
        _items.AddRange(items);
    }

    public int Count => _items.Count;

    public SipParameter this[int index] => _items[index];

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value of the named parameter; null when absent or when it has no value.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _items[index].Value;
    }

    public bool TryGet(string name, out string? value)
    {
        var index = IndexOf(name);
        value = index < 0 ? null : _items[index].Value;
        return index >= 0;
    }

    /// <summary>Replaces the named parameter in place, or appends it.</summary>
    public SipParameters Set(string name, string? value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(new SipParameter(name, value));
        }
        else
        {
            _items[index] = new SipParameter(_items[index].Name, value);
        }

        return this;
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        _items.RemoveAt(index);
        return true;
    }

    public SipParameters Clone() => new(_items);

    /// <summary>Writes ";name=value" for each parameter, escaping with <paramref name="escape"/> when given.</summary>
    public void AppendTo(StringBuilder builder, Action<StringBuilder, string>? escape = null)
    {
        foreach (var parameter in _items)
        {
            builder.Append(';');
            Append(builder, parameter.Name, escape);
            if (parameter.Value is not null)
            {
                builder.Append('=');
                Append(builder, parameter.Value, escape);
            }
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    public bool Equals(SipParameters? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (var parameter in _items)
        {
            if (!other.TryGet(parameter.Name, out var value)
                || !string.Equals(value, parameter.Value, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as SipParameters);

    public override int GetHashCode() => Count;

    public IEnumerator<SipParameter> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Append(StringBuilder builder, string value, Action<StringBuilder, string>? escape)
    {
        if (escape is null)
        {
            builder.Append(value);
        }
        else
        {
            escape(builder, value);
        }
    }
}
