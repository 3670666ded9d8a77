namespace TelecomContactCenter.Core.Customers;

/// <summary>The three decline-cause classes the agent picks in DEC-1 (domain.md §1.4, 000 L90).</summary>
public enum DeclineCause
{
    ServiceFailure,
    Competitor,
    SpecialCircumstance,
}
