using System.Security.Cryptography;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>Fresh tags, branches and Call-IDs: cryptographically random, so they are unique across restarts and
/// hosts without shared state (RFC 3261 §19.3).</summary>
public static class SipIdentifiers
{
    public static string NewTag() => RandomHex(8);

    /// <summary>A branch with the RFC 3261 magic cookie, so peers use §17 transaction matching.</summary>
    public static string NewBranch() => SipVia.MagicCookie + RandomHex(10);

    public static string NewCallId(string host) => RandomHex(12) + "@" + host;

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
