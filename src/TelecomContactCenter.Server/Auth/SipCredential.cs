using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TelecomContactCenter.Server.Auth;

/// <summary>
/// RFC 7616 digest material for an agent's SIP phone. Identity's PBKDF2 hashes cannot answer a digest challenge,
/// so we keep HA1 = H(user:realm:password) for both algorithms the registrar offers.
/// </summary>
internal sealed class SipCredential
{
    public required string UserName { get; set; }

    public required string Realm { get; set; }

    public required string Ha1Md5 { get; set; }

    public required string Ha1Sha256 { get; set; }
}

internal sealed class SipCredentialConfiguration : IEntityTypeConfiguration<SipCredential>
{
    public void Configure(EntityTypeBuilder<SipCredential> builder)
    {
        builder.ToTable("sip_credentials");
        builder.HasKey(c => c.UserName);
        builder.Property(c => c.UserName).HasMaxLength(64);
        builder.Property(c => c.Realm).HasMaxLength(64);
        builder.Property(c => c.Ha1Md5).HasMaxLength(32);
        builder.Property(c => c.Ha1Sha256).HasMaxLength(64);
    }
}
