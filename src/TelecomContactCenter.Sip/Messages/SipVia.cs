using System.Text;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>One Via value (RFC 3261 §20.42, §18.2.1; rport of RFC 3581).</summary>
public sealed record SipVia
{
    /// <summary>The branch prefix that marks an RFC 3261 transaction id (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    public SipVia(string transport, string host, int? port = null, SipParameters? parameters = null)
    {
        Transport = transport.ToUpperInvariant();
        Host = host;
        Port = port;
        Parameters = parameters ?? new SipParameters();
    }

    /// <summary>Upper-case transport token: UDP, TCP, TLS, SCTP or an extension.</summary>
    public string Transport { get; init; }

    public string Host { get; init; }

    public int? Port { get; init; }

    public SipParameters Parameters { get; init; }

    public string SentBy => Port is { } port ? $"{Host}:{port}" : Host;

    public string? Branch => Parameters.Get("branch");

    public bool HasRfc3261Branch => Branch?.StartsWith(MagicCookie, StringComparison.Ordinal) == true;

    public string? Received => Parameters.Get("received");

    /// <summary>True when the rport parameter is present, with or without a value (RFC 3581 §3).</summary>
    public bool HasRPort => Parameters.Contains("rport");

    public int? RPort => int.TryParse(Parameters.Get("rport"), out var port) ? port : null;

    public static SipVia Parse(string value) => ViaParser.Parse(value);

    public SipVia WithParameter(string name, string? value)
    {
        var copy = Parameters.Clone();
        copy.Set(name, value);
        return this with { Parameters = copy };
    }

    public override string ToString()
    {
        var builder = new StringBuilder(64);
        builder.Append("SIP/2.0/").Append(Transport).Append(' ').Append(SentBy);
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
