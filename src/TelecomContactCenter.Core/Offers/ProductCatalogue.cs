using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelecomContactCenter.Core.Offers;

/// <summary>One sellable product: a mobile plan of a family (postpaid, prepaid) with its allowances, or a fixed,
/// broadband or VAS product. Names are per locale ("en", "zh-CN").</summary>
public sealed record CatalogueProduct
{
    public required string Code { get; init; }

    /// <summary>Mobile, Fixed, Broadband, Data or Vas, as the product rows of the customer store.</summary>
    public required string Kind { get; init; }

    /// <summary>Plans compare only within their family (a prepaid card is never offered as a cheaper postpaid plan).</summary>
    public string? Family { get; init; }

    public required IReadOnlyDictionary<string, string> Name { get; init; }

    public required decimal MonthlyFee { get; init; }

    public int DataGb { get; init; }

    public int VoiceMinutes { get; init; }

    /// <summary>Feature codes the product switches on (e.g. CallerDisplay).</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public string NameIn(string locale) => Name.TryGetValue(locale, out var name) ? name : Name[OfferLocales.English];

    /// <summary>True when this plan's allowances cover the month's usage (data in MB).</summary>
    public bool Covers(UsageMonth usage) =>
        usage.DataMegabytes <= DataGb * 1024L && usage.VoiceMinutes <= VoiceMinutes;
}

/// <summary>A feature a customer may hold or be coached on; <see cref="IncludedWith"/> names the product kind that brings it.</summary>
public sealed record CatalogueFeature
{
    public required string Code { get; init; }

    public required IReadOnlyDictionary<string, string> Name { get; init; }

    public string? IncludedWith { get; init; }

    public string NameIn(string locale) => Name.TryGetValue(locale, out var name) ? name : Name[OfferLocales.English];
}

/// <summary>One closed month of usage, newest first in <see cref="OfferContext.RecentUsage"/>.</summary>
public sealed record UsageMonth(DateOnly Month, int VoiceMinutes, int DataMegabytes);

/// <summary>
/// The products the operator sells, with prices and allowances: the source of every plan comparison an offer script
/// makes (a higher or lower plan that exists, its price, the saving from the customer's real usage). Ships embedded
/// as <see cref="EmbeddedResourceName"/> (source Offers/product-catalogue.json). Immutable and thread-safe.
/// </summary>
public sealed class ProductCatalogue
{
    public const string EmbeddedResourceName = "TelecomContactCenter.Core.Offers.product-catalogue.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private ProductCatalogue(Document doc)
    {
        Version = doc.Version;
        Products = doc.Products;
        Features = doc.Features;
        DataOveragePerGb = doc.DataOveragePerGb;
        VoiceOveragePerMinute = doc.VoiceOveragePerMinute;
    }

    public string Version { get; }

    public IReadOnlyList<CatalogueProduct> Products { get; }

    public IReadOnlyList<CatalogueFeature> Features { get; }

    /// <summary>What a GB above the plan's data allowance costs (yuan).</summary>
    public decimal DataOveragePerGb { get; }

    public decimal VoiceOveragePerMinute { get; }

    /// <summary>The product whose code or name (in any locale) is <paramref name="codeOrName"/>; null when the catalogue does not sell it.</summary>
    public CatalogueProduct? Find(string codeOrName) =>
        Products.FirstOrDefault(p => p.Code == codeOrName || p.Name.Values.Contains(codeOrName, StringComparer.OrdinalIgnoreCase));

    public CatalogueFeature? Feature(string code) => Features.FirstOrDefault(f => f.Code == code);

    /// <summary>Plans of the same family priced above <paramref name="plan"/>, cheapest first.</summary>
    public IEnumerable<CatalogueProduct> Higher(CatalogueProduct plan) =>
        Family(plan).Where(p => p.MonthlyFee > plan.MonthlyFee).OrderBy(p => p.MonthlyFee);

    /// <summary>Plans of the same family priced below <paramref name="plan"/>, dearest first.</summary>
    public IEnumerable<CatalogueProduct> Lower(CatalogueProduct plan) =>
        Family(plan).Where(p => p.MonthlyFee < plan.MonthlyFee).OrderByDescending(p => p.MonthlyFee);

    /// <summary>Plans of <paramref name="family"/> from cheapest to dearest.</summary>
    public IReadOnlyList<CatalogueProduct> PlansOf(string family) =>
        Products.Where(p => p.Kind == "Mobile" && p.Family == family).OrderBy(p => p.MonthlyFee).ToList();

    /// <summary>What a month's usage beyond the plan's allowances cost (yuan).</summary>
    public decimal OverageCost(CatalogueProduct plan, UsageMonth usage)
    {
        var dataOver = Math.Max(0, usage.DataMegabytes - (plan.DataGb * 1024L));
        var voiceOver = Math.Max(0, usage.VoiceMinutes - plan.VoiceMinutes);
        return (Math.Ceiling(dataOver / 1024m) * DataOveragePerGb) + (voiceOver * VoiceOveragePerMinute);
    }

    private IEnumerable<CatalogueProduct> Family(CatalogueProduct plan) =>
        Products.Where(p => p.Kind == plan.Kind && p.Family == plan.Family && p.Code != plan.Code);

    /// <exception cref="FormatException">The JSON is malformed or breaks a rule; the message names the product.</exception>
    public static ProductCatalogue Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Document? doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Product catalogue is not valid: {ex.Message}", ex);
        }

        if (doc is null || string.IsNullOrWhiteSpace(doc.Version))
        {
            throw new FormatException("Product catalogue needs a non-empty \"version\".");
        }

        var errors = new List<string>();
        foreach (var group in doc.Products.GroupBy(p => p.Code).Where(g => g.Count() > 1))
        {
            errors.Add($"product code {group.Key} appears {group.Count()} times");
        }

        foreach (var p in doc.Products)
        {
            if (!p.Name.ContainsKey(OfferLocales.English) || !p.Name.ContainsKey(OfferLocales.Chinese))
            {
                errors.Add($"product {p.Code} needs a name in {OfferLocales.English} and {OfferLocales.Chinese}");
            }

            if (p.MonthlyFee < 0)
            {
                errors.Add($"product {p.Code} monthlyFee cannot be negative");
            }

            if (p.Kind == "Mobile" && (p.Family is null || p.DataGb <= 0 || p.VoiceMinutes <= 0))
            {
                errors.Add($"mobile plan {p.Code} needs a family, dataGb and voiceMinutes");
            }

            foreach (var feature in p.Features.Where(f => doc.Features.All(x => x.Code != f)))
            {
                errors.Add($"product {p.Code} has unknown feature {feature}");
            }
        }

        return errors.Count > 0
            ? throw new FormatException($"Product catalogue {doc.Version} is not valid: {string.Join("; ", errors)}")
            : new ProductCatalogue(doc);
    }

    public static ProductCatalogue LoadEmbedded()
    {
        using var stream = typeof(ProductCatalogue).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {EmbeddedResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed class Document
    {
        public string Version { get; init; } = "";

        public decimal DataOveragePerGb { get; init; }

        public decimal VoiceOveragePerMinute { get; init; }

        public List<CatalogueProduct> Products { get; init; } = [];

        public List<CatalogueFeature> Features { get; init; } = [];
    }
}
