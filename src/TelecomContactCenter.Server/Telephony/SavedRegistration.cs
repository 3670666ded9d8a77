using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// A phone's registration as the registrar accepted it, kept in the database so it outlives a restart of the node
/// and, in a cluster, so every node can ring a phone that registered through any of them. One row per
/// (address-of-record, contact); <see cref="Node"/> is the node whose registrar holds it.
/// </summary>
internal sealed class SavedRegistration
{
    public required string AddressOfRecord { get; set; }

    /// <summary>The contact's URI in lower case: what makes two contacts of one address-of-record the same (RFC 3261 §10.3).</summary>
    public required string ContactUri { get; set; }

    /// <summary>The Contact as the phone sent it.</summary>
    public required string Contact { get; set; }

    public required string Node { get; set; }

    public required DateTimeOffset ExpiresAt { get; set; }

    public required double Q { get; set; }

    public required string CallId { get; set; }

    public required long CSeq { get; set; }

    /// <summary>Where the REGISTER came from, "address:port".</summary>
    public required string Source { get; set; }

    public required string Transport { get; set; }

    public required string UserName { get; set; }

    public required string TargetTransport { get; set; }

    /// <summary>Where requests for the contact go, "address:port".</summary>
    public required string Target { get; set; }

    public required string Route { get; set; }

    /// <summary>The REGISTER's Path headers (RFC 3327), one name-address per line; empty without one.</summary>
    public required string Path { get; set; }

    public static SavedRegistration From(RegistrationBinding binding, string node) => new()
    {
        AddressOfRecord = binding.AddressOfRecord,
        ContactUri = KeyOf(binding.Contact),
        Contact = binding.Contact.ToString(),
        Node = node,
        ExpiresAt = binding.ExpiresAt,
        Q = binding.Q,
        CallId = binding.CallId,
        CSeq = binding.CSeq,
        Source = binding.Source.ToString(),
        Transport = binding.Transport,
        UserName = binding.UserName,
        TargetTransport = binding.Target.Transport,
        Target = binding.Target.RemoteEndPoint.ToString(),
        Route = binding.Route.ToString(),
        Path = string.Join('\n', binding.Path.Select(p => p.ToString())),
    };

    public static string KeyOf(NameAddress contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return contact.Uri.ToString().ToLowerInvariant();
    }

    public void CopyFrom(SavedRegistration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Contact = other.Contact;
        Node = other.Node;
        ExpiresAt = other.ExpiresAt;
        Q = other.Q;
        CallId = other.CallId;
        CSeq = other.CSeq;
        Source = other.Source;
        Transport = other.Transport;
        UserName = other.UserName;
        TargetTransport = other.TargetTransport;
        Target = other.Target;
        Route = other.Route;
        Path = other.Path;
    }

    /// <summary>The binding again; null for a row this version cannot read (it is then left to expire).</summary>
    public RegistrationBinding? ToBinding()
    {
        if (!IPEndPoint.TryParse(Source, out var source) || !IPEndPoint.TryParse(Target, out var target)
            || !Enum.TryParse<ContactRoute>(Route, out var route))
        {
            return null;
        }

        try
        {
            return new RegistrationBinding
            {
                AddressOfRecord = AddressOfRecord,
                Contact = NameAddress.Parse(Contact),
                ExpiresAt = ExpiresAt,
                Q = Q,
                CallId = CallId,
                CSeq = CSeq,
                Source = source,
                Transport = Transport,
                UserName = UserName,
                Target = new SipPeer(TargetTransport, target),
                Route = route,
                Path = [.. Path.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NameAddress.Parse)],
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

internal sealed class SavedRegistrationConfiguration : IEntityTypeConfiguration<SavedRegistration>
{
    public void Configure(EntityTypeBuilder<SavedRegistration> builder)
    {
        builder.ToTable("sip_registrations");
        builder.HasKey(r => new { r.AddressOfRecord, r.ContactUri });
        builder.HasIndex(r => new { r.Node, r.ExpiresAt });
        builder.Property(r => r.AddressOfRecord).HasMaxLength(256);
        builder.Property(r => r.ContactUri).HasMaxLength(512);
        builder.Property(r => r.Contact).HasMaxLength(1024);
        builder.Property(r => r.Node).HasMaxLength(64);
        builder.Property(r => r.CallId).HasMaxLength(256);
        builder.Property(r => r.Source).HasMaxLength(64);
        builder.Property(r => r.Transport).HasMaxLength(8);
        builder.Property(r => r.UserName).HasMaxLength(64);
        builder.Property(r => r.TargetTransport).HasMaxLength(8);
        builder.Property(r => r.Target).HasMaxLength(64);
        builder.Property(r => r.Route).HasMaxLength(16);
        builder.Property(r => r.Path).HasMaxLength(2048);
    }
}
