using System.Globalization;
using System.Net;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Identity;

/// <summary>
/// Works out who is calling: P-Asserted-Identity (RFC 3325), then Remote-Party-ID (draft-ietf-sip-privacy-04),
/// both honoured only from a trusted trunk, then From. Privacy (RFC 3323) values <c>id</c>, <c>header</c> and
/// <c>user</c> all withhold the identity: <c>id</c> is the RFC 3325 request, and 3GPP TS 24.607 treats
/// <c>header</c> the same; <c>user</c> asks intermediaries to anonymise the caller. In Remote-Party-ID,
/// <c>privacy=full</c> and <c>privacy=uri</c> withhold, <c>privacy=name</c> keeps the number but drops the display
/// name. Stateless and immutable, so safe to share between threads.
/// </summary>
public sealed class CallerIdentityResolver(E164Normalizer normalizer, TrustedTrunkAllowlist trustedTrunks)
{
    public const string PAssertedIdentity = "P-Asserted-Identity";
    public const string RemotePartyId = "Remote-Party-ID";
    public const string Privacy = "Privacy";
    public const string Diversion = "Diversion";

    private static readonly string[] WithholdingPrivacyValues = ["id", "header", "user"];

    public CallerIdentity Resolve(SipRequest request, IPAddress source) =>
        Resolve(request, trustedTrunks.Contains(source));

    public CallerIdentity Resolve(SipRequest request, bool fromTrustedTrunk)
    {
        ArgumentNullException.ThrowIfNull(request);
        var identity = (fromTrustedTrunk ? FromAsserted(request) ?? FromRemotePartyId(request) : null)
            ?? FromFromHeader(request);
        if (PrivacyRequested(request) && identity.Confidence != IdentityConfidence.Withheld)
        {
            identity = Withhold(identity);
        }

        return identity with { Diversions = ReadDiversions(request) };
    }

    private CallerIdentity? FromAsserted(SipRequest request)
    {
        // RFC 3325 §9.1 allows one sip/sips and one tel value; prefer the one that yields a number.
        IdentityAddress? best = null;
        foreach (var value in ListValues(request, PAssertedIdentity))
        {
            if (IdentityAddress.TryParse(value, normalizer, out var address, out _)
                && (best is null || (best.E164 is null && address!.E164 is not null)))
            {
                best = address;
            }
        }

        return best is null ? null : Build(best, IdentityHeader.PAssertedIdentity, IdentityConfidence.NetworkAsserted);
    }

    private CallerIdentity? FromRemotePartyId(SipRequest request)
    {
        foreach (var value in ListValues(request, RemotePartyId))
        {
            if (!IdentityAddress.TryParse(value, normalizer, out var address, out var parsed))
            {
                continue;
            }

            var party = parsed!.Parameters.Get("party");
            if (party is not null && !party.Equals("calling", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var screened = string.Equals(parsed.Parameters.Get("screen"), "yes", StringComparison.OrdinalIgnoreCase);
            var identity = Build(
                address!,
                IdentityHeader.RemotePartyId,
                screened ? IdentityConfidence.NetworkAsserted : IdentityConfidence.UserProvided);
            return parsed.Parameters.Get("privacy")?.ToLowerInvariant() switch
            {
                "full" or "uri" => Withhold(identity),
                "name" => identity with { DisplayName = null },
                _ => identity,
            };
        }

        return null;
    }

    private CallerIdentity FromFromHeader(SipRequest request)
    {
        var value = request.Headers.Get(SipHeaderNames.From);
        if (value is null)
        {
            return new CallerIdentity { Confidence = IdentityConfidence.Unknown, Source = IdentityHeader.None };
        }

        return IdentityAddress.TryParse(value, normalizer, out var address, out _)
            ? Build(address!, IdentityHeader.From, IdentityConfidence.UserProvided)
            : new CallerIdentity { Confidence = IdentityConfidence.Unparseable, Source = IdentityHeader.From };
    }

    private static CallerIdentity Build(IdentityAddress address, IdentityHeader source, IdentityConfidence confidence) =>
        address.Kind switch
        {
            AddressKind.Anonymous => new CallerIdentity { Confidence = IdentityConfidence.Withheld, Source = source },
            AddressKind.Unavailable => new CallerIdentity
            {
                Confidence = IdentityConfidence.Unknown,
                Source = source,
                Raw = address.Raw,
                DisplayName = address.DisplayName,
            },
            AddressKind.NotANumberOrName => new CallerIdentity
            {
                Confidence = IdentityConfidence.Unparseable,
                Source = source,
                Raw = address.Raw,
            },
            _ => new CallerIdentity
            {
                Confidence = confidence,
                Source = source,
                Raw = address.Raw,
                E164 = address.E164,
                DisplayName = address.DisplayName,
            },
        };

    private static CallerIdentity Withhold(CallerIdentity identity) => new()
    {
        Confidence = IdentityConfidence.Withheld,
        Source = identity.Source,
        TrustDomainE164 = identity.Confidence == IdentityConfidence.NetworkAsserted ? identity.E164 : null,
    };

    private static bool PrivacyRequested(SipRequest request)
    {
        foreach (var line in request.Headers.GetLines(Privacy))
        {
            foreach (var range in line.AsSpan().SplitAny(';', ','))
            {
                var value = line.AsSpan()[range].Trim();
                foreach (var withholding in WithholdingPrivacyValues)
                {
                    if (value.Equals(withholding, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private List<DiversionEntry> ReadDiversions(SipRequest request)
    {
        var entries = new List<DiversionEntry>();
        foreach (var value in ListValues(request, Diversion))
        {
            if (!IdentityAddress.TryParse(value, normalizer, out var address, out var parsed))
            {
                entries.Add(new DiversionEntry(value, null, null, null, null));
                continue;
            }

            var counter = int.TryParse(parsed!.Parameters.Get("counter"), NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                ? c
                : (int?)null;
            entries.Add(new DiversionEntry(value, address!.Raw, address.E164, parsed.Parameters.Get("reason"), counter));
        }

        return entries;
    }

    // The message layer keeps these headers unsplit (display names may hold commas); split outside quotes and <>.
    private static List<string> ListValues(SipRequest request, string name)
    {
        var values = new List<string>();
        foreach (var line in request.Headers.GetLines(name))
        {
            HeaderValueSplitter.Split(line, values);
        }

        return values;
    }
}
