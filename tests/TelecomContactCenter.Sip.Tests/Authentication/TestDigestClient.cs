using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.Sip.Tests.Authentication;

/// <summary>
/// A digest client written straight from the RFC 2617/7616 formulas, independent of the production hashing code,
/// so the tests check the server against the specification rather than against itself.
/// </summary>
internal static partial class TestDigestClient
{
    public static string H(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5351 // MD5 is what RFC 2617 specifies.
        var hash = algorithm == "SHA-256" ? SHA256.HashData(bytes) : MD5.HashData(bytes);
#pragma warning restore CA5351
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    public static string Param(string challenge, string name)
    {
        var match = ParamPattern().Matches(challenge).First(m => m.Groups["name"].Value == name);
        return match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["token"].Value;
    }

    /// <summary>Answers <paramref name="challenge"/> the way a phone would; qop null gives an RFC 2069 response.</summary>
    public static string Authorization(
        string challenge,
        string user,
        string password,
        string method = "REGISTER",
        string uri = "sip:contactcenter.example",
        string? qop = "auth",
        int nc = 1,
        string cnonce = "0a4f113b",
        string? realmOverride = null)
    {
        var algorithm = Param(challenge, "algorithm");
        var realm = realmOverride ?? Param(challenge, "realm");
        var nonce = Param(challenge, "nonce");
        var ncText = nc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var ha1 = H(algorithm, $"{user}:{realm}:{password}");
        var ha2 = H(algorithm, $"{method}:{uri}");
        var response = qop is null
            ? H(algorithm, $"{ha1}:{nonce}:{ha2}")
            : H(algorithm, $"{ha1}:{nonce}:{ncText}:{cnonce}:{qop}:{ha2}");
        var header = $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", "
            + $"response=\"{response}\", algorithm={algorithm}, opaque=\"{Param(challenge, "opaque")}\"";
        return qop is null ? header : header + $", qop={qop}, nc={ncText}, cnonce=\"{cnonce}\"";
    }

    [GeneratedRegex("(?<name>[a-z]+)=(?:\"(?<quoted>[^\"]*)\"|(?<token>[^,\\s]+))")]
    private static partial Regex ParamPattern();
}
