using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Auth;

/// <summary>HA1 values for RFC 7616 digest authentication of one SIP user.</summary>
public sealed record SipDigestCredential(string UserName, string Realm, string Ha1Md5, string Ha1Sha256);

/// <summary>
/// Read side for the SIP registrar, which is a singleton outside any request: each call opens its own DI scope,
/// so the lookup holds no state and is safe to call from any thread.
/// </summary>
internal sealed class SipCredentialLookup(IServiceScopeFactory scopes)
{
    public async Task<SipDigestCredential?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        return await db.SipCredentials.AsNoTracking()
            .Where(c => c.UserName == userName)
            .Select(c => new SipDigestCredential(c.UserName, c.Realm, c.Ha1Md5, c.Ha1Sha256))
            .SingleOrDefaultAsync(cancellationToken);
    }
}

internal sealed class SipCredentialStore(ContactCenterDbContext db, IOptions<AuthOptions> options)
{
    public async Task SetPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var realm = options.Value.SipRealm;
        var credential = await db.SipCredentials.FindAsync([userName], cancellationToken);
        var md5 = ComputeHa1(HashAlgorithmName.MD5, userName, realm, password);
        var sha256 = ComputeHa1(HashAlgorithmName.SHA256, userName, realm, password);
        if (credential is null)
        {
            db.SipCredentials.Add(new SipCredential { UserName = userName, Realm = realm, Ha1Md5 = md5, Ha1Sha256 = sha256 });
        }
        else
        {
            credential.Realm = realm;
            credential.Ha1Md5 = md5;
            credential.Ha1Sha256 = sha256;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>HA1 = H(username ":" realm ":" password), lower-case hex (RFC 7616 §3.4.2).</summary>
    public static string ComputeHa1(HashAlgorithmName algorithm, string userName, string realm, string password)
    {
        var input = Encoding.UTF8.GetBytes($"{userName}:{realm}:{password}");
#pragma warning disable CA5351 // MD5 is what RFC 2617 phones speak; SHA-256 is stored alongside.
        var hash = algorithm == HashAlgorithmName.MD5 ? MD5.HashData(input) : SHA256.HashData(input);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }
}
