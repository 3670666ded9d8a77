using System.Globalization;

namespace TelecomContactCenter.Sip.Sdp;

/// <summary>
/// One SDES <c>a=crypto</c> line (RFC 4568 §9.1): <c>tag suite inline:key-salt[|lifetime][|MKI:length]
/// [session parameters]</c>. Only the inline key method is read; the key-salt stays base64 here and is decoded by
/// the media side (<c>SrtpMasterKey.FromInline</c>). Immutable.
/// </summary>
public sealed record SdesCrypto(int Tag, string Suite, string InlineKey, string? Lifetime = null, string? Mki = null,
    IReadOnlyList<string>? SessionParameters = null)
{
    public const string AttributeName = "crypto";
    public const string Aes128CmSha1Tag80 = "AES_CM_128_HMAC_SHA1_80";
    private const int KeySaltLength = 30;

    /// <summary>Whether the service can use it: AES_CM_128_HMAC_SHA1_80, no MKI, no session parameters (RFC 4568
    /// §6.3: an unknown one makes the line unusable).</summary>
    public bool IsSupported =>
        Suite.Equals(Aes128CmSha1Tag80, StringComparison.Ordinal) && Mki is null && SessionParameters is not { Count: > 0 }
        && IsKeySalt(InlineKey);

    /// <summary>A fresh base64 key-salt (16 + 14 random octets) for a line of ours (RFC 4568 §6.1: never reused).</summary>
    public static string NewInlineKey()
    {
        Span<byte> material = stackalloc byte[KeySaltLength];
        System.Security.Cryptography.RandomNumberGenerator.Fill(material);
        return Convert.ToBase64String(material);
    }

    /// <summary>Whether an inline key is the 30 octets of key and salt AES_CM_128_HMAC_SHA1_80 needs.</summary>
    public static bool IsKeySalt(string inlineKey)
    {
        ArgumentNullException.ThrowIfNull(inlineKey);
        Span<byte> material = stackalloc byte[64];
        return inlineKey.Length <= 88 && Convert.TryFromBase64String(inlineKey, material, out var written) && written == KeySaltLength;
    }

    /// <summary>Not the key: a line's value goes to logs only through this.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} inline:(redacted)");

    /// <summary>Reads the value after <c>a=crypto:</c>; null when it is not a well-formed inline line.</summary>
    public static SdesCrypto? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tag)
            || tag > 999_999_999
            || !parts[2].StartsWith("inline:", StringComparison.Ordinal))
        {
            return null;
        }

        var keyParts = parts[2]["inline:".Length..].Split('|');
        if (keyParts[0].Length == 0 || keyParts.Length > 3)
        {
            return null;
        }

        string? lifetime = null;
        string? mki = null;
        foreach (var extra in keyParts.Skip(1))
        {
            if (extra.Contains(':', StringComparison.Ordinal))
            {
                mki = extra;
            }
            else
            {
                lifetime = extra;
            }
        }

        return new SdesCrypto(tag, parts[1], keyParts[0], lifetime, mki, parts.Length > 3 ? parts[3..] : null);
    }

    /// <summary>Every well-formed <c>a=crypto</c> line of a media section, in offer order.</summary>
    public static IReadOnlyList<SdesCrypto> FindAll(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return [.. media.Attributes
            .Where(a => a.Name.Equals(AttributeName, StringComparison.OrdinalIgnoreCase) && a.Value is not null)
            .Select(a => Parse(a.Value!))
            .OfType<SdesCrypto>()];
    }

    /// <summary>The offered line to answer (the first the service supports), or null (RFC 4568 §7.1.2).</summary>
    public static SdesCrypto? Choose(SdpMedia media) => FindAll(media).FirstOrDefault(c => c.IsSupported);

    /// <summary>The attribute value, as written after <c>a=crypto:</c> (with the key: for the SDP body only).</summary>
    public string ToAttributeValue()
    {
        var key = "inline:" + InlineKey + (Lifetime is null ? string.Empty : "|" + Lifetime) + (Mki is null ? string.Empty : "|" + Mki);
        var text = string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} {key}");
        return SessionParameters is { Count: > 0 } parameters ? text + " " + string.Join(' ', parameters) : text;
    }

    /// <summary>The attribute line for an SDP body.</summary>
    public SdpAttributeLine ToAttribute() => new(AttributeName, ToAttributeValue());
}
