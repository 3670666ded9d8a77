using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Complaints;

/// <summary>Complaint and churn-cause taxonomy of domain.md §4.4; persisted and exchanged as the short codes.</summary>
public enum ComplaintCategory
{
    Billing,
    Payment,
    Network,
    Provisioning,
    ServiceEncounter,
    PoorResponse,
    MissingFeature,
    PriceOrCompetitor,
    Inconvenience,
    Ethical,
    Involuntary,
    Fraud,
}

public static class ComplaintCategories
{
    private static readonly (ComplaintCategory Category, string Code, DeclineCause Cause)[] Table =
    [
        (ComplaintCategory.Billing, "BILL", DeclineCause.ServiceFailure),
        (ComplaintCategory.Payment, "PAY", DeclineCause.SpecialCircumstance),
        (ComplaintCategory.Network, "NET", DeclineCause.ServiceFailure),
        (ComplaintCategory.Provisioning, "PROV", DeclineCause.ServiceFailure),
        (ComplaintCategory.ServiceEncounter, "ENC", DeclineCause.ServiceFailure),
        (ComplaintCategory.PoorResponse, "RESP", DeclineCause.ServiceFailure),
        (ComplaintCategory.MissingFeature, "FEAT", DeclineCause.Competitor),
        (ComplaintCategory.PriceOrCompetitor, "PRICE", DeclineCause.Competitor),
        (ComplaintCategory.Inconvenience, "INCONV", DeclineCause.ServiceFailure),
        (ComplaintCategory.Ethical, "ETH", DeclineCause.ServiceFailure),
        (ComplaintCategory.Involuntary, "INVOL", DeclineCause.SpecialCircumstance),
        (ComplaintCategory.Fraud, "FRAUD", DeclineCause.SpecialCircumstance),
    ];

    /// <summary>The §4.4 code, e.g. "BILL".</summary>
    public static string ToCode(this ComplaintCategory category) => Table.First(t => t.Category == category).Code;

    /// <summary>
    /// The decline-cause class used for offer eligibility. BILL is listed as special or service failure; a billing
    /// complaint is read as a service failure, because affordability has its own path (DEC-4).
    /// </summary>
    public static DeclineCause CauseClass(this ComplaintCategory category) => Table.First(t => t.Category == category).Cause;

    /// <summary>
    /// The severity a new complaint of the category starts at (the agent may change it): High where the service is
    /// down or money is at stake (network fault, unauthorised use or fraud) or an earlier failure was handled badly
    /// (a repeat complaint, the likeliest to end in churn, 003 @19–20%); Medium otherwise.
    /// </summary>
    public static ComplaintSeverity DefaultSeverity(this ComplaintCategory category) => category switch
    {
        ComplaintCategory.Network or ComplaintCategory.Fraud or ComplaintCategory.PoorResponse => ComplaintSeverity.High,
        _ => ComplaintSeverity.Medium,
    };

    public static bool TryParseCode(string? code, out ComplaintCategory category)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                category = row.Category;
                return true;
            }
        }

        category = default;
        return false;
    }

    public static IReadOnlyList<string> AllCodes { get; } = Table.Select(t => t.Code).ToArray();
}
