using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Identity;

internal enum AddressKind
{
    Identified,
    Anonymous,
    Unavailable,
    NotANumberOrName,
}

/// <summary>The identity-relevant parts of one name-addr: who it names and whether that is a phone number.</summary>
internal sealed record IdentityAddress(AddressKind Kind, string? Raw, string? E164, string? DisplayName)
{
    // Placeholders that phones and PBXs put in From when the caller restricts presentation (RFC 3323 §4.1.1.3 and
    // common practice); "unavailable"/"unknown" mean the network has no number, which is not a privacy request.
    private static readonly HashSet<string> AnonymousUsers =
        new(["anonymous", "restricted", "private", "withheld"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> UnavailableUsers =
        new(["unavailable", "unknown"], StringComparer.OrdinalIgnoreCase);

    public static IdentityAddress From(NameAddress address, E164Normalizer normalizer)
    {
        var display = string.IsNullOrWhiteSpace(address.DisplayName) ? null : address.DisplayName.Trim();
        switch (address.Uri)
        {
            case SipUri sip:
                if (sip.Host.EndsWith("anonymous.invalid", StringComparison.OrdinalIgnoreCase)
                    || (sip.User is { } anonymous && AnonymousUsers.Contains(anonymous)))
                {
                    return new IdentityAddress(AddressKind.Anonymous, sip.User, null, null);
                }

                if (sip.User is null || UnavailableUsers.Contains(sip.User))
                {
                    return new IdentityAddress(AddressKind.Unavailable, sip.User, null, display);
                }

                var isPhone = string.Equals(sip.Parameters.Get("user"), "phone", StringComparison.OrdinalIgnoreCase);
                return new IdentityAddress(AddressKind.Identified, sip.User, normalizer.Normalize(sip.User, isPhone), display);

            case TelUri tel:
                var e164 = normalizer.Normalize(tel.Number, isPhoneNumber: true, tel.Parameters.Get("phone-context"));
                return new IdentityAddress(AddressKind.Identified, tel.Number, e164, display);

            default:
                return new IdentityAddress(AddressKind.NotANumberOrName, address.Uri.ToString(), null, display);
        }
    }

    public static bool TryParse(string value, E164Normalizer normalizer, out IdentityAddress? address, out NameAddress? parsed)
    {
        address = null;
        parsed = null;
        try
        {
            parsed = NameAddress.Parse(value);
        }
        catch (Parsing.SipParseException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }

        address = From(parsed, normalizer);
        return true;
    }
}
