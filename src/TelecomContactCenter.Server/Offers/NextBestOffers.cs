using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Offers;

/// <summary>
/// Core's offer engine over the configured catalogue (Offers:CataloguePath, else the embedded one) and the embedded
/// product catalogue, fed from a profile evaluation: the customer's name, plan, products, usage, arrears, the open
/// complaint's SLA clock and owner. Immutable after construction and thread-safe.
/// </summary>
internal sealed class NextBestOffers
{
    private readonly OfferEngine _engine;
    private readonly OfferOptions _options;
    private readonly TimeZoneInfo _customerTimeZone;

    public NextBestOffers(IOptions<OfferOptions> options, IHostEnvironment environment)
    {
        Catalogue = LoadCatalogue(options.Value, environment.ContentRootPath);
        _options = options.Value;
        _engine = new OfferEngine(Catalogue, options.Value, ProductCatalogue.LoadEmbedded());
        _customerTimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.CustomerTimeZone);
    }

    public OfferCatalogue Catalogue { get; }

    /// <exception cref="FormatException">The catalogue file is not valid; the message names the file.</exception>
    public static OfferCatalogue LoadCatalogue(OfferOptions options, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(options.CataloguePath))
        {
            return OfferCatalogue.LoadEmbedded();
        }

        var path = Path.GetFullPath(options.CataloguePath, contentRoot);
        try
        {
            return OfferCatalogue.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{OfferOptions.SectionName}:{nameof(OfferOptions.CataloguePath)} {path}: {ex.Message}", ex);
        }
    }

    /// <summary>An unknown caller is a prospect: the acquisition offers meant for prospects.</summary>
    public IReadOnlyList<OfferView> ForProspect() =>
        Views(_engine.NextBest(new OfferContext { Stage = LifecycleStage.Acquisition, Tier = ValueTier.Standard, IsProspect = true }), null, null);

    public IReadOnlyList<OfferView> For(CustomerHistory history, CustomerFacts facts, CustomerProfile profile, DateTimeOffset now)
    {
        var context = ContextFor(history, facts, profile, now);
        var recommendation = _engine.NextBest(context);
        var owner = history.OpenComplaints > 0 && context.CallbackBy is not null && history.OpenComplaintOwner is { } name
            ? (name, _engine.NextBest(context with { AgentOwnsComplaint = true }))
            : ((string, OfferRecommendation)?)null;
        return Views(recommendation, owner?.Item1, owner?.Item2);
    }

    /// <summary>
    /// What the engine knows about the customer as of <paramref name="now"/>. The snapshot is read by whichever agent
    /// takes the call, so the scripts are rendered as a colleague would read them; the owner's reading travels beside
    /// them. The promised callback time is the open complaint's SLA due moved into the callback hours.
    /// </summary>
    public OfferContext ContextFor(CustomerHistory history, CustomerFacts facts, CustomerProfile profile, DateTimeOffset now)
    {
        var c = history.Customer;
        var closed = history.Bills.OrderByDescending(b => b.Month).ToList();
        var arrearsMonths = c.ArrearsDays <= 0 ? 0 : (c.ArrearsDays + 29) / 30;
        return OfferContext.From(profile, facts) with
        {
            HasOpenComplaint = history.OpenComplaints > 0,
            // The agent's own diagnosis (DEC-1) or the reason the customer gave wins over what the complaint implies.
            Cause = history.Reasons.Cause ?? history.OpenComplaintCause ?? (facts.IntentToLeave ? DeclineCause.Competitor : null),
            WinbackProbability = WinbackProbability(history, profile),
            CustomerName = c.Name,
            Gender = Enum.TryParse<CustomerGender>(c.Gender, ignoreCase: true, out var gender) ? gender : CustomerGender.Unknown,
            HeldProducts = [.. history.Products.Where(p => p.RemovedAt is null).SelectMany(p => new[] { p.Name, p.Kind.ToString() })],
            RecentUsage = [.. history.Usage.OrderByDescending(u => u.Month).Select(u => new UsageMonth(u.Month, u.VoiceMinutes, u.DataMegabytes))],
            OutstandingAmount = closed.Take(arrearsMonths).Sum(b => b.Amount),
            CallbackBy = history.OpenComplaints > 0 && history.OpenComplaintDueAt is { } due
                ? CallbackPromise.By(due, now, _customerTimeZone, _options.CallbackHoursStart, _options.CallbackHoursEnd)
                : null,
            DiscountsInForce = history.DiscountsInForce,
            ExitedOn = c.ExitedAt is { } exit ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(exit, _customerTimeZone).DateTime) : null,
        };
    }

    private static List<OfferView> Views(OfferRecommendation recommendation, string? owner, OfferRecommendation? asOwner)
    {
        var shown = new[] { recommendation.Primary }.Concat(recommendation.Alternates).OfType<RecommendedOffer>().ToList();
        var ownerShown = asOwner is null
            ? []
            : new[] { asOwner.Primary }.Concat(asOwner.Alternates).OfType<RecommendedOffer>().ToDictionary(o => o.Id);
        return shown.Select((offer, i) =>
        {
            var view = new OfferView(
                offer.Id, offer.Name, offer.Kind.ToString(), offer.Script, recommendation.CatalogueVersion, i == 0, offer.DiscountPercent,
                offer.DurationMonths)
            {
                Scripts = offer.Scripts,
                MissingSlots = offer.MissingPlaceholders,
                NeedsApproval = offer.NeedsApproval,
            };
            return ownerShown.TryGetValue(offer.Id, out var own) && !own.Scripts.SequenceEqual(offer.Scripts)
                ? view with { OwnerScripts = own.Scripts, ComplaintOwner = owner }
                : view;
        }).ToList();
    }

    /// <summary>p_winback from the exit reason and the tier; 0 until the agent has recorded why the customer left.</summary>
    public static double WinbackProbability(CustomerHistory history, CustomerProfile profile) =>
        history.Reasons.ChurnType is { } type ? CustomerReasons.WinbackProbability(type, profile.Tier.Tier) : 0;
}
