namespace TelecomContactCenter.Core.Customers;

/// <summary>
/// A manual tier set by an account manager: always with a reason and an expiry at most six months (configurable)
/// after it was set. Build one through <see cref="Create"/>, which refuses an unaudited or open-ended override.
/// </summary>
public sealed record TierOverride
{
    private TierOverride(ValueTier tier, string reason, string setBy, DateOnly setOn, DateOnly expiresOn)
    {
        Tier = tier;
        Reason = reason;
        SetBy = setBy;
        SetOn = setOn;
        ExpiresOn = expiresOn;
    }

    public ValueTier Tier { get; }

    public string Reason { get; }

    public string SetBy { get; }

    public DateOnly SetOn { get; }

    /// <summary>Last day on which the override applies.</summary>
    public DateOnly ExpiresOn { get; }

    public static TierOverride Create(
        ValueTier tier, string reason, string setBy, DateOnly setOn, DateOnly expiresOn, TieringOptions? options = null)
    {
        var max = (options ?? new TieringOptions()).MaxOverrideMonths;
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A tier override needs a reason.", nameof(reason));
        }

        if (string.IsNullOrWhiteSpace(setBy))
        {
            throw new ArgumentException("A tier override needs the account manager who set it.", nameof(setBy));
        }

        if (expiresOn < setOn || expiresOn > setOn.AddMonths(max))
        {
            throw new ArgumentOutOfRangeException(
                nameof(expiresOn), expiresOn, $"A tier override expires on or after the day it is set and within {max} months.");
        }

        return new TierOverride(tier, reason.Trim(), setBy.Trim(), setOn, expiresOn);
    }

    public bool IsActiveOn(DateOnly day) => day >= SetOn && day <= ExpiresOn;
}
