using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>
/// Creates <see cref="DemoDataOptions.BenchAgents"/> extra agents (benchagent1…N, demo password, SIP credentials)
/// for the screen-pop benchmark. Identity's PBKDF2 hash costs tens of milliseconds, so the hash is computed once
/// and stored for every bench agent (same password, same salt) and the rows are inserted in batches instead of
/// going through UserManager one user at a time. Login still verifies that hash in full. Demo mode only.
/// </summary>
internal sealed partial class BenchAgentSeeder(
    ContactCenterDbContext db,
    IPasswordHasher<IdentityUser> hasher,
    ILookupNormalizer normalizer,
    IOptions<DemoDataOptions> demo,
    IOptions<AuthOptions> auth,
    ILogger<BenchAgentSeeder> logger)
{
    public const string NamePrefix = "benchagent";
    private const int BatchSize = 1_000;

    public static string NameOf(int number) => FormattableString.Invariant($"{NamePrefix}{number}");

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var count = demo.Value.BenchAgents;
        if (count == 0)
        {
            return;
        }

        var existing = await db.Users.AsNoTracking().Where(u => u.UserName!.StartsWith(NamePrefix))
            .Select(u => u.UserName!).ToListAsync(cancellationToken);
        var missing = Enumerable.Range(1, count).Select(NameOf).Except(existing, StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var roleId = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.Agent).Select(r => r.Id).SingleAsync(cancellationToken);
        var password = demo.Value.Password;
        var hash = hasher.HashPassword(new IdentityUser(NamePrefix), password);
        var realm = auth.Value.SipRealm;
        foreach (var batch in missing.Chunk(BatchSize))
        {
            foreach (var name in batch)
            {
                var email = $"{name}@contactcenter.example";
                var user = new IdentityUser(name)
                {
                    NormalizedUserName = normalizer.NormalizeName(name),
                    Email = email,
                    NormalizedEmail = normalizer.NormalizeEmail(email),
                    EmailConfirmed = true,
                    PasswordHash = hash,
                    LockoutEnabled = true,
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
                db.SipCredentials.Add(new SipCredential
                {
                    UserName = name,
                    Realm = realm,
                    Ha1Md5 = SipCredentialStore.ComputeHa1(HashAlgorithmName.MD5, name, realm, password),
                    Ha1Sha256 = SipCredentialStore.ComputeHa1(HashAlgorithmName.SHA256, name, realm, password),
                });
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        LogSeeded(logger, missing.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: created {Count} bench agents (one shared password hash)")]
    private static partial void LogSeeded(ILogger logger, int count);
}
