using System.Globalization;
using System.Net;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>
/// Who may start a call here: a trusted trunk, or a phone with a live registration (an agent calling out or
/// transferring). Everyone else gets 403, so the service cannot be used as an open relay or toll-fraud target.
/// Stateless; the allowlist is immutable and the lookup is thread-safe.
/// </summary>
public sealed class InviteAdmission(TrustedTrunkAllowlist trustedTrunks, IRegistrationLookup registrations)
{
    public bool IsAllowed(IPAddress source) =>
        trustedTrunks.Contains(source) || registrations.IsRegisteredSource(source);
}

/// <summary>The answers protection gives, built per RFC 3261 §8.2.6 so they route back like any response.</summary>
public static class ProtectionResponses
{
    public const string RetryAfterHeader = "Retry-After";

    /// <summary>503 with Retry-After (§21.5.4): the sender should try again later, not elsewhere at once.</summary>
    public static SipResponse ServiceUnavailable(SipRequest request, int retryAfterSeconds)
    {
        var response = SipResponse.CreateFor(request, SipStatusCodes.ServiceUnavailable, toTag: NewTag());
        response.Headers.Add(RetryAfterHeader, retryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    public static SipResponse Forbidden(SipRequest request) =>
        SipResponse.CreateFor(request, SipStatusCodes.Forbidden, toTag: NewTag());

    private static string NewTag() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
}
