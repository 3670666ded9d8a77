using System.Text;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>
/// The value of From, To, Contact, Route, Record-Route and similar headers: an optional display name, a URI and
/// header parameters such as tag (RFC 3261 §20.10, §25.1 name-addr / addr-spec).
/// </summary>
public sealed record NameAddress
{
    public NameAddress(AddressUri uri, string? displayName = null, SipParameters? parameters = null)
    {
        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? new SipParameters();
    }

    /// <summary>The display name with quoting and escapes removed.</summary>
    public string? DisplayName { get; init; }

    public AddressUri Uri { get; init; }

    public SipParameters Parameters { get; init; }

    public string? Tag => Parameters.Get("tag");

    public static NameAddress Parse(string value) => NameAddressParser.Parse(value);

    public NameAddress WithTag(string tag)
    {
        var copy = Parameters.Clone();
        copy.Set("tag", tag);
        return this with { Parameters = copy };
    }

    public NameAddress WithParameter(string name, string? value)
    {
        var copy = Parameters.Clone();
        copy.Set(name, value);
        return this with { Parameters = copy };
    }

    /// <summary>Always the name-addr form with angle brackets, so URI parameters never read as header ones.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(80);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            builder.Append('"');
            foreach (var c in DisplayName)
            {
                if (c is '"' or '\\')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            builder.Append("\" ");
        }

        builder.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
