using System.Globalization;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>
/// What requests and responses share (RFC 3261 §7): headers, body and typed views of the headers every element
/// needs. Typed getters throw <see cref="SipParseException"/> for a malformed value; the parser has already
/// checked Via, From, To, Call-ID, CSeq and Max-Forwards of every message it returns. Via, From, To and CSeq are
/// parsed once per header edit; change them through the setters, not by editing the returned values.
/// Not thread-safe: a message is built or read by one thread at a time.
/// </summary>
public abstract class SipMessage
{
    public const string Version = "SIP/2.0";

    private (int Version, IReadOnlyList<SipVia> Value) _vias = (-1, []);
    private (int Version, NameAddress? Value) _from = (-1, null);
    private (int Version, NameAddress? Value) _to = (-1, null);
    private (int Version, SipCSeq? Value) _cseq = (-1, null);

    public SipHeaders Headers { get; } = new();

    public ReadOnlyMemory<byte> Body { get; set; } = ReadOnlyMemory<byte>.Empty;

    public IReadOnlyList<SipVia> Vias =>
        Cached(ref _vias, static m => m.Headers.GetValues(SipHeaderNames.Via).Select(SipVia.Parse).ToList());

    public SipVia? TopVia => Vias is [var top, ..] ? top : null;

    public NameAddress? From
    {
        get => Cached(ref _from, static m => m.ParseOrNull(SipHeaderNames.From, NameAddress.Parse));
        set => SetOrRemove(SipHeaderNames.From, value?.ToString());
    }

    public NameAddress? To
    {
        get => Cached(ref _to, static m => m.ParseOrNull(SipHeaderNames.To, NameAddress.Parse));
        set => SetOrRemove(SipHeaderNames.To, value?.ToString());
    }

    public string? CallId
    {
        get => Headers.Get(SipHeaderNames.CallId)?.Trim();
        set => SetOrRemove(SipHeaderNames.CallId, value);
    }

    public SipCSeq? CSeq
    {
        get => Cached(ref _cseq, static m => m.Headers.Get(SipHeaderNames.CSeq) is { } value ? SipCSeq.Parse(value) : (SipCSeq?)null);
        set => SetOrRemove(SipHeaderNames.CSeq, value?.ToString());
    }

    public int? MaxForwards
    {
        get => ParseOrNull(SipHeaderNames.MaxForwards, ParseMaxForwards);
        set => SetOrRemove(SipHeaderNames.MaxForwards, value?.ToString(CultureInfo.InvariantCulture));
    }

    public string? ContentType
    {
        get => Headers.Get(SipHeaderNames.ContentType)?.Trim();
        set => SetOrRemove(SipHeaderNames.ContentType, value);
    }

    /// <summary>The Content-Length header as written; the serializer always writes the body's real length.</summary>
    public int? ContentLength => ParseOrNull(SipHeaderNames.ContentLength, ParseContentLength);

    /// <summary>True when the (only) Contact value is "*" (REGISTER removing all bindings).</summary>
    public bool IsContactStar => Headers.GetValues(SipHeaderNames.Contact) is [var only] && only.Trim() == "*";

    public IReadOnlyList<NameAddress> Contacts => ParseAddresses(SipHeaderNames.Contact);

    public IReadOnlyList<NameAddress> Routes => ParseAddresses(SipHeaderNames.Route);

    public IReadOnlyList<NameAddress> RecordRoutes => ParseAddresses(SipHeaderNames.RecordRoute);

    /// <summary>Replaces the first Via value, keeping any further values that share its header line.</summary>
    public void SetTopVia(SipVia via)
    {
        ArgumentNullException.ThrowIfNull(via);
        EditFirstVia(values => values[0] = via.ToString());
    }

    /// <summary>Removes the first Via value (a client stripping its own Via from a response, §8.1.3.3).</summary>
    public void RemoveTopVia() => EditFirstVia(values => values.RemoveAt(0));

    public byte[] ToBytes() => SipSerializer.Serialize(this);

    public override string ToString() => System.Text.Encoding.UTF8.GetString(ToBytes());

    internal static int ParseMaxForwards(string value)
    {
        var text = SipGrammar.TrimWhitespace(value);
        if (!SipGrammar.IsDigits(text) || !int.TryParse(text, out var hops) || hops > 255)
        {
            throw new SipParseException("Max-Forwards must be an integer 0-255.");
        }

        return hops;
    }

    internal static int ParseContentLength(string value)
    {
        var text = SipGrammar.TrimWhitespace(value);
        if (!SipGrammar.IsDigits(text) || !int.TryParse(text, out var length))
        {
            throw new SipParseException("Content-Length must be a non-negative integer.");
        }

        return length;
    }

    private T Cached<T>(ref (int Version, T Value) slot, Func<SipMessage, T> parse)
    {
        if (slot.Version != Headers.Version)
        {
            slot = (Headers.Version, parse(this));
        }

        return slot.Value;
    }

    private void EditFirstVia(Action<List<string>> edit)
    {
        var lines = Headers.GetLines(SipHeaderNames.Via).ToList();
        if (lines.Count == 0)
        {
            throw new InvalidOperationException("The message has no Via.");
        }

        var first = new List<string>();
        HeaderValueSplitter.Split(lines[0], first);
        edit(first);
        lines.RemoveAt(0);
        if (first.Count > 0)
        {
            lines.Insert(0, string.Join(", ", first));
        }

        Headers.ReplaceAll(SipHeaderNames.Via, lines);
    }

    private List<NameAddress> ParseAddresses(string name)
    {
        var values = Headers.GetValues(name);
        if (name == SipHeaderNames.Contact && values is [var only] && only.Trim() == "*")
        {
            return [];
        }

        return values.Select(NameAddress.Parse).ToList();
    }

    private T? ParseOrNull<T>(string name, Func<string, T> parse)
        where T : notnull
    {
        var value = Headers.Get(name);
        return value is null ? default : parse(value);
    }

    private void SetOrRemove(string name, string? value)
    {
        if (value is null)
        {
            Headers.Remove(name);
        }
        else
        {
            Headers.Set(name, value);
        }
    }
}
