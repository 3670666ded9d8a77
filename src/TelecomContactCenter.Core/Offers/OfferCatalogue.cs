using System.Text.Json;
using System.Text.Json.Serialization;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Offers;

/// <summary>
/// A versioned set of offers parsed from JSON. The default catalogue ships inside this assembly as the embedded
/// resource <see cref="EmbeddedResourceName"/> (source: Offers/offer-catalogue.json); a host that wants an editable
/// copy reads its own file and calls <see cref="Parse"/>. Immutable and thread-safe.
/// </summary>
public sealed class OfferCatalogue
{
    public const string EmbeddedResourceName = "TelecomContactCenter.Core.Offers.offer-catalogue.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly string[] KnownCauses = [.. Enum.GetNames<DeclineCause>(), "Unknown"];

    private OfferCatalogue(string version, IReadOnlyList<OfferDefinition> offers)
    {
        Version = version;
        Offers = offers;
    }

    public string Version { get; }

    public IReadOnlyList<OfferDefinition> Offers { get; }

    public OfferDefinition? Find(string id) => Offers.FirstOrDefault(o => o.Id == id);

    /// <exception cref="FormatException">The JSON is malformed or an offer breaks a catalogue rule; the message names it.</exception>
    public static OfferCatalogue Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Document? doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Offer catalogue is not valid: {ex.Message}", ex);
        }

        if (doc is null || string.IsNullOrWhiteSpace(doc.Version))
        {
            throw new FormatException("Offer catalogue needs a non-empty \"version\".");
        }

        var errors = new List<string>();
        foreach (var group in doc.Offers.GroupBy(o => o.Id).Where(g => g.Count() > 1))
        {
            errors.Add($"offer id {group.Key} appears {group.Count()} times");
        }

        foreach (var offer in doc.Offers)
        {
            errors.AddRange(Check(offer, doc.Offers));
        }

        return errors.Count > 0
            ? throw new FormatException($"Offer catalogue {doc.Version} is not valid: {string.Join("; ", errors)}")
            : new OfferCatalogue(doc.Version, doc.Offers);
    }

    /// <summary>The catalogue compiled into this assembly.</summary>
    public static OfferCatalogue LoadEmbedded()
    {
        using var stream = typeof(OfferCatalogue).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {EmbeddedResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static IEnumerable<string> Check(OfferDefinition o, IReadOnlyList<OfferDefinition> all)
    {
        if (string.IsNullOrWhiteSpace(o.Id) || string.IsNullOrWhiteSpace(o.Name) || string.IsNullOrWhiteSpace(o.Script))
        {
            yield return $"offer {o.Id} needs an id, a name and a script";
        }

        if (o.DiscountPercent is < 0 or > 100)
        {
            yield return $"offer {o.Id} discountPercent must be between 0 and 100";
        }

        if (o.DiscountPercent > 0 && o.DurationMonths <= 0)
        {
            yield return $"offer {o.Id} has a discount but no durationMonths";
        }

        if (o.OneOffCost < 0 || o.MonthlyCost < 0 || o.DurationMonths < 0)
        {
            yield return $"offer {o.Id} costs and duration cannot be negative";
        }

        foreach (var cause in o.Causes.Where(c => !KnownCauses.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            yield return $"offer {o.Id} has unknown cause {cause}";
        }

        if (o.FallbackFor is { } target && all.All(x => x.Id != target))
        {
            yield return $"offer {o.Id} is a fallback for unknown offer {target}";
        }

        foreach (var locale in o.Scripts.Keys.Concat(o.LocalizedDefaults.Keys).Where(l => !OfferLocales.All.Contains(l)).Distinct())
        {
            yield return $"offer {o.Id} has a script or defaults for unknown locale {locale} (known: {string.Join(", ", OfferLocales.All)})";
        }

        // Every slot needs a value source: the engine's computed values or the offer's own defaults in that locale.
        foreach (var locale in OfferLocales.All)
        {
            var defaults = o.DefaultsFor(locale);
            foreach (var slot in ScriptTemplate.Slots(o.ScriptFor(locale) ?? "")
                .Where(s => !OfferTerms.ComputedSlots.Contains(s) && !defaults.ContainsKey(s)))
            {
                yield return $"offer {o.Id} slot {{{slot}}} ({locale}) has no value source: add it to the offer's defaults";
            }
        }

        if (o.TenureBands.Any(b => b.FromYears < 1 || b.DiscountPercent is <= 0 or > 100))
        {
            yield return $"offer {o.Id} tenureBands need fromYears ≥ 1 and a discountPercent in (0, 100]";
        }

        if (o.PrepayTiers.Any(t => t.Prepay <= 0 || t.Bonus <= 0 || t.Bonus >= t.Prepay))
        {
            yield return $"offer {o.Id} prepayTiers need 0 < bonus < prepay";
        }
    }

    private sealed class Document
    {
        public string Version { get; init; } = "";

        public List<OfferDefinition> Offers { get; init; } = [];
    }
}
