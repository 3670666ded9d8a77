using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Offers;

/// <summary>
/// Core's offer engine over the configured catalogue (Offers:CataloguePath, else the embedded one), fed from a
/// profile evaluation. Immutable after construction and thread-safe.
/// </summary>
internal sealed class NextBestOffers
{
    private readonly OfferEngine _engine;

    public NextBestOffers(IOptions<OfferOptions> options, IHostEnvironment environment)
    {
        var path = options.Value.CataloguePath;
        Catalogue = string.IsNullOrWhiteSpace(path)
            ? OfferCatalogue.LoadEmbedded()
            : OfferCatalogue.Parse(File.ReadAllText(Path.GetFullPath(path, environment.ContentRootPath)));
        _engine = new OfferEngine(Catalogue, options.Value);
    }

    public OfferCatalogue Catalogue { get; }

    public IReadOnlyList<OfferView> For(CustomerHistory history, CustomerFacts facts, CustomerProfile profile)
    {
        var plan = history.Products.FirstOrDefault(p => p.RemovedAt is null)?.Name ?? "your plan";
        var context = OfferContext.From(profile, facts) with
        {
            HasOpenComplaint = history.OpenComplaints > 0,
            // The agent's own diagnosis (DEC-1) or the reason the customer gave wins over what the complaint implies.
            Cause = history.Reasons.Cause ?? history.OpenComplaintCause ?? (facts.IntentToLeave ? DeclineCause.Competitor : null),
            WinbackProbability = WinbackProbability(history, profile),
            Placeholders = new Dictionary<string, string> { ["Name"] = history.Customer.Name, ["Plan"] = plan },
        };
        var recommendation = _engine.NextBest(context);
        var offers = new List<OfferView>(3);
        if (recommendation.Primary is { } primary)
        {
            offers.Add(View(primary, recommendation.CatalogueVersion, isPrimary: true));
        }

        offers.AddRange(recommendation.Alternates.Select(a => View(a, recommendation.CatalogueVersion, isPrimary: false)));
        return offers;
    }

    /// <summary>p_winback from the exit reason and the tier; 0 until the agent has recorded why the customer left.</summary>
    public static double WinbackProbability(CustomerHistory history, CustomerProfile profile) =>
        history.Reasons.ChurnType is { } type ? CustomerReasons.WinbackProbability(type, profile.Tier.Tier) : 0;

    private static OfferView View(RecommendedOffer offer, string version, bool isPrimary) =>
        new(offer.Id, offer.Name, offer.Kind.ToString(), offer.Script, version, isPrimary, offer.DiscountPercent, offer.DurationMonths);
}
