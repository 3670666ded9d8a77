using TelecomContactCenter.Core.Complaints;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>
/// A new complaint's classification, parsed the same way for REST and the agent hub. The SLA kind comes from
/// slaKind when given, else faultKind (Fault or NonFault), else the category: a network complaint is a fault, so the
/// fault SLAs (wall-clock hours) apply; everything else is non-fault (business hours) until the agent says otherwise.
/// The severity is the agent's, else the category's default (<see cref="ComplaintCategories.DefaultSeverity"/>).
/// </summary>
internal sealed record ComplaintFields(ComplaintCategory Category, ComplaintSeverity Severity, SlaKind Kind)
{
    public static SlaKind DefaultKind(ComplaintCategory category) =>
        category == ComplaintCategory.Network ? SlaKind.Fault : SlaKind.NonFault;

    /// <summary>What a capture form starts at for each category code: its default severity and fault kind.</summary>
    public static IReadOnlyDictionary<string, ComplaintCaptureDefaults> CaptureDefaults { get; } =
        Enum.GetValues<ComplaintCategory>().ToDictionary(
            c => c.ToCode(), c => new ComplaintCaptureDefaults(c.DefaultSeverity().ToString(), DefaultKind(c).ToString()));

    /// <summary>The fields, or a sentence naming the field that is wrong.</summary>
    public static (ComplaintFields? Fields, string? Error) Parse(string? category, string? severity, string? slaKind, string? faultKind)
    {
        if (!ComplaintCategories.TryParseCode(category, out var parsedCategory))
        {
            return (null, $"Unknown category '{category}'. Codes: {string.Join(", ", ComplaintCategories.AllCodes)}.");
        }

        var parsedSeverity = parsedCategory.DefaultSeverity();
        if (severity is not null && (!Enum.TryParse(severity, ignoreCase: true, out parsedSeverity) || int.TryParse(severity, out _)))
        {
            return (null, $"Unknown severity '{severity}'. Values: {string.Join(", ", Enum.GetNames<ComplaintSeverity>())}.");
        }

        var kind = DefaultKind(parsedCategory);
        if (slaKind is not null)
        {
            if (!Enum.TryParse(slaKind, ignoreCase: true, out kind) || int.TryParse(slaKind, out _))
            {
                return (null, $"Unknown slaKind '{slaKind}'. Values: {string.Join(", ", Enum.GetNames<SlaKind>())}.");
            }
        }
        else if (faultKind is not null)
        {
            if (!Enum.TryParse(faultKind, ignoreCase: true, out kind) || int.TryParse(faultKind, out _) || kind == SlaKind.DataOrLeasedLineFault)
            {
                return (null, $"Unknown faultKind '{faultKind}'. Values: Fault, NonFault.");
            }
        }

        return (new ComplaintFields(parsedCategory, parsedSeverity, kind), null);
    }
}

/// <summary>The severity and fault kind (Fault / NonFault) a complaint of one category starts at on the capture form.</summary>
internal sealed record ComplaintCaptureDefaults(string Severity, string FaultKind);
