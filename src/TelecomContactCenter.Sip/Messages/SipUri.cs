using System.Text;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>
/// A sip or sips URI (RFC 3261 §19.1). User, password, parameters and headers hold unescaped text; ToString escapes
/// whatever a component does not allow.
/// </summary>
public sealed record SipUri : AddressUri
{
    public SipUri(string scheme, string? user, string host, int? port = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        Scheme = scheme.ToLowerInvariant();
        User = user;
        Host = host;
        Port = port;
    }

    public override string Scheme { get; }

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Hostname, IPv4 address, or IPv6 reference in brackets.</summary>
    public string Host { get; init; }

    public int? Port { get; init; }

    public SipParameters Parameters { get; init; } = new();

    public SipParameters Headers { get; init; } = new();

    public bool IsSecure => Scheme == "sips";

    /// <summary>"transport" parameter, lower-cased, or null.</summary>
    public string? Transport => Parameters.Get("transport")?.ToLowerInvariant();

    public bool IsLooseRouter => Parameters.Contains("lr");

    /// <summary>Host and port as written in Via sent-by and Route headers.</summary>
    public string HostPort => Port is { } port ? $"{Host}:{port}" : Host;

    public static new SipUri Parse(string value) => SipUriParser.Parse(value);

    public static SipUri Sip(string? user, string host, int? port = null) => new("sip", user, host, port);

    public SipUri WithParameter(string name, string? value = null)
    {
        var copy = Parameters.Clone();
        copy.Set(name, value);
        return this with { Parameters = copy };
    }

    public SipUri WithoutParameter(string name)
    {
        var copy = Parameters.Clone();
        copy.Remove(name);
        return this with { Parameters = copy };
    }

    public override string ToString()
    {
        var builder = new StringBuilder(64);
        builder.Append(Scheme).Append(':');
        if (User is not null)
        {
            SipEscaping.Escape(builder, User, SipGrammar.IsUserChar);
            if (Password is not null)
            {
                builder.Append(':');
                SipEscaping.Escape(builder, Password, SipGrammar.IsPasswordChar);
            }

            builder.Append('@');
        }

        builder.Append(Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port);
        }

        Parameters.AppendTo(builder, static (b, v) => SipEscaping.Escape(b, v, SipGrammar.IsParamChar));
        for (var i = 0; i < Headers.Count; i++)
        {
            builder.Append(i == 0 ? '?' : '&');
            SipEscaping.Escape(builder, Headers[i].Name, SipGrammar.IsHeaderChar);
            builder.Append('=');
            SipEscaping.Escape(builder, Headers[i].Value ?? string.Empty, SipGrammar.IsHeaderChar);
        }

        return builder.ToString();
    }
}
