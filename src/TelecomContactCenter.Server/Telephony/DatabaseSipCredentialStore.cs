using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Sip.Authentication;
using DigestCredential = TelecomContactCenter.Sip.Authentication.SipCredential;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// The registrar's user store: agents' HA1 values from the database (set with their password), never the
/// passwords themselves. Stateless; <see cref="SipCredentialLookup"/> opens a scope per call.
/// </summary>
internal sealed class DatabaseSipCredentialStore(SipCredentialLookup lookup) : ISipCredentialStore
{
    public async ValueTask<DigestCredential?> FindAsync(string userName, CancellationToken ct) =>
        await lookup.FindAsync(userName, ct) is { } stored
            ? new DigestCredential(stored.UserName, stored.Realm, stored.Ha1Md5, stored.Ha1Sha256)
            : null;
}
