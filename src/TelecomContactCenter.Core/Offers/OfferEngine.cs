using System.Globalization;
using static TelecomContactCenter.Core.Offers.OfferRejectionCodes;

namespace TelecomContactCenter.Core.Offers;

/// <summary>
/// Picks the next-best offers for a call: eligibility by stage × tier × cause × complaint state, then the guardrails
/// of domain.md §1.5 and §2.7: no upsell, retention or win-back while a complaint is open unless the customer
/// intends to leave (service recovery and information only); no offer whose projected margin over its term is
/// negative; discounts on the tier's ladder (none for unprofitable customers; above the agent's rung an offer
/// is shown as needing a supervisor's approval, above the tier cap not at all); no discount as the primary offer to
/// a stable customer at low risk (non-price levers first); no credit exposure under a
/// risk hold; win-back only when p_winback × CLV − cost &gt; 0; an offer whose discount the customer holds now is
/// not offered again, and discounts in force count towards the ladder. Stateless and thread-safe.
/// </summary>
public sealed class OfferEngine(OfferCatalogue catalogue, OfferOptions? options = null, ProductCatalogue? products = null)
{
    private readonly OfferOptions _options = options ?? new OfferOptions();
    private readonly ProductCatalogue _products = products ?? ProductCatalogue.LoadEmbedded();
    private readonly DiscountLadder _ladder = new((options ?? new OfferOptions()).DiscountAuthority);

    public OfferRecommendation NextBest(OfferContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rejections = new List<OfferRejection>();
        var accepted = new List<(OfferDefinition Offer, RecommendedOffer Rendered)>();
        foreach (var offer in catalogue.Offers.Where(o => o.FallbackFor is null).Concat(catalogue.Offers.Where(o => o.FallbackFor is not null)))
        {
            var (reasons, rendered) = Consider(offer, context);
            if (offer.FallbackFor is { } target && accepted.Any(a => a.Offer.Id == target))
            {
                reasons.Add(new(offer.Id, FallbackNotNeeded, $"{target} is offered, so its fallback is not needed"));
            }

            if (reasons.Count == 0 && rendered is not null)
            {
                accepted.Add((offer, rendered));
            }
            else
            {
                rejections.AddRange(reasons);
            }
        }

        var order = catalogue.Offers.Select((o, i) => (o.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var ranked = accepted.OrderBy(o => o.Offer.Priority).ThenBy(o => order[o.Offer.Id]).ToList();
        // Non-price levers first (000 L125–126, §2.7): a stable customer at low risk is not opened with a discount.
        if (ranked.Count > 1 && IsDiscount(ranked[0].Rendered) && NonPriceFirst(context)
            && ranked.FindIndex(o => !IsDiscount(o.Rendered)) is > 0 and var lever)
        {
            var first = ranked[lever];
            ranked.RemoveAt(lever);
            ranked.Insert(0, first);
        }

        foreach (var extra in ranked.Skip(1 + _options.MaxAlternates))
        {
            rejections.Add(new(extra.Offer.Id, NotRanked, $"eligible, but only one primary and {_options.MaxAlternates} alternates are shown"));
        }

        var shown = ranked.Take(1 + _options.MaxAlternates).Select(o => o.Rendered).ToList();
        return new OfferRecommendation(catalogue.Version, shown.FirstOrDefault(), shown.Skip(1).ToList(), rejections);
    }

    /// <summary>Eligibility, then this caller's terms (plan, band, prepay step, slot values), then the guardrails on those terms.</summary>
    private (List<OfferRejection> Reasons, RecommendedOffer? Rendered) Consider(OfferDefinition offer, OfferContext context)
    {
        if (Ineligibility(offer, context) is { } ineligible)
        {
            return ([ineligible], null);
        }

        var terms = OfferTerms.Resolve(offer, context, _products);
        if (terms.Ineligible is { } noTerms)
        {
            return ([noTerms], null);
        }

        var reasons = Guardrails(terms.Effective, terms.MonthlyDiscount, context).ToList();
        if (reasons.Count > 0)
        {
            return (reasons, null);
        }

        var rendered = Render(terms, context);
        if (rendered.MissingPlaceholders.Count > 0)
        {
            reasons.Add(new(offer.Id, SlotUnfilled,
                $"no value for {string.Join(", ", rendered.MissingPlaceholders.Select(m => "{" + m + "}"))}, so the script cannot be read out"));
        }

        return (reasons, rendered);
    }

    private static OfferRejection? Ineligibility(OfferDefinition o, OfferContext c)
    {
        if (o.Stages.Count > 0 && !o.Stages.Contains(c.Stage))
        {
            return new(o.Id, Stage, $"for {string.Join("/", o.Stages)} customers, not {c.Stage}");
        }

        if (o.Tiers.Count > 0 && !o.Tiers.Contains(c.Tier))
        {
            return new(o.Id, Tier, $"for {string.Join("/", o.Tiers)} tiers, not {c.Tier}");
        }

        if (!o.MatchesCause(c.Cause))
        {
            return new(o.Id, Cause, $"answers {string.Join("/", o.Causes)}, but the cause is {c.Cause?.ToString() ?? "Unknown"}");
        }

        if (c.DiscountsInForce.FirstOrDefault(d => d.OfferId == o.Id) is { } held)
        {
            return new(o.Id, InForce, $"already in force: {held.Percent.ToString("0.##", CultureInfo.InvariantCulture)}% until {held.Until:yyyy-MM-dd}");
        }

        return (o.Complaint, c.HasOpenComplaint) switch
        {
            (ComplaintRequirement.Open, false) => new(o.Id, ComplaintState, "needs an open complaint"),
            (ComplaintRequirement.NoneOpen, true) when !c.IntentToLeave => new(o.Id, ComplaintState, "not while a complaint is open"),
            _ => null,
        };
    }

    private IEnumerable<OfferRejection> Guardrails(OfferDefinition o, decimal discount, OfferContext c)
    {
        if (c.HasOpenComplaint && !c.IntentToLeave && o.Kind is not (OfferKind.ServiceRecovery or OfferKind.Informational))
        {
            yield return new(o.Id, OpenComplaint, $"no {o.Kind} offer while a complaint is open: service recovery first");
        }

        if (o.FinancialExposure && c.HasRiskHold)
        {
            yield return new(o.Id, RiskHold, "carries credit exposure and the account has a fraud or credit hold");
        }

        // The margin rule is checked below with the offer's own costs, so only the ladder's other rules apply here.
        if (o.DiscountPercent > 0 && Judge(o, c) is { Refused: true, RefusalCode: not DiscountRefusalCodes.BelowCost } verdict)
        {
            yield return new(o.Id, DiscountAuthority, $"{verdict.RefusalCode}: {verdict.Reason}");
        }

        var margin = ProjectedMargin(o, discount, c);
        if (o.HasFinancialTerms && o.Kind != OfferKind.Informational && margin < 0)
        {
            yield return new(o.Id, BelowCost, $"projected margin {Money(margin)} over {Months(o)} months is below cost");
        }

        if (o.Kind == OfferKind.WinBack)
        {
            if (!c.WinbackWindowOpen)
            {
                yield return new(o.Id, WinbackWindow, "the win-back window has closed");
            }

            var value = ((decimal)c.WinbackProbability * c.LifetimeValue) - OfferCost(o, discount, c);
            if (value <= 0)
            {
                yield return new(
                    o.Id,
                    WinbackValue,
                    $"p_winback {c.WinbackProbability:0.##} × CLV {Money(c.LifetimeValue)} − cost {Money(OfferCost(o, discount, c))} = {Money(value)} is not positive");
            }
        }
    }

    private DiscountVerdict Judge(OfferDefinition o, OfferContext c) =>
        _ladder.Judge(
            new DiscountCustomer(c.Tier, c.IsUnprofitable, c.MonthlyRevenue, c.MonthlyCostToServe, InForcePercent: c.DiscountsInForce.Sum(d => d.Percent)),
            o.DiscountPercent,
            o.DurationMonths);

    private static bool IsDiscount(RecommendedOffer offer) => offer.DiscountPercent > 0;

    /// <summary>Low churn risk, no intent to leave, no open complaint and not in Decline or Churned: keep, don't buy.</summary>
    private static bool NonPriceFirst(OfferContext c) =>
        c.ChurnBand == Customers.ChurnBand.Low && !c.IntentToLeave && !c.HasOpenComplaint
        && c.Stage is not (Customers.LifecycleStage.Decline or Customers.LifecycleStage.Churned);

    private static int Months(OfferDefinition o) => Math.Max(o.DurationMonths, 1);

    /// <summary>
    /// Margin over the offer term: revenue after the plan change, less the yuan the discount takes off the fees it
    /// applies to (<paramref name="discount"/>, from <see cref="OfferTerms"/>), the cost to serve and the offer's own costs.
    /// </summary>
    private static decimal ProjectedMargin(OfferDefinition o, decimal discount, OfferContext c)
    {
        var revenue = c.MonthlyRevenue + o.MonthlyPriceChange - discount;
        return Math.Round((Months(o) * (revenue - c.MonthlyCostToServe - o.MonthlyCost)) - o.OneOffCost, 2);
    }

    /// <summary>What the offer costs the operator: one-off cost, monthly costs and the discount given away.</summary>
    private static decimal OfferCost(OfferDefinition o, decimal discount, OfferContext c) =>
        o.OneOffCost + (Months(o) * (o.MonthlyCost + discount));

    private static string Money(decimal value) => "¥" + value.ToString("0.00", CultureInfo.InvariantCulture);

    private RecommendedOffer Render(ResolvedTerms terms, OfferContext c)
    {
        var o = terms.Effective;
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var locale in OfferLocales.All)
        {
            var (text, unfilled) = ScriptTemplate.Render(o.ScriptFor(locale), terms.Values[locale], o.DefaultsFor(locale));
            scripts[locale] = text;
            missing.AddRange(unfilled.Except(missing));
        }

        return new RecommendedOffer(
            o.Id, o.Name, o.Kind, scripts[OfferLocales.English], o.DiscountPercent, o.DurationMonths, ProjectedMargin(o, terms.MonthlyDiscount, c), missing)
        {
            Scripts = scripts,
            NeedsApproval = o.DiscountPercent > 0 && Judge(o, c).NeedsSupervisor,
        };
    }
}
