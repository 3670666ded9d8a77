namespace TelecomContactCenter.Core.Offers;

/// <summary>The locales every offer script is rendered in (the desktop's i18n locales).</summary>
public static class OfferLocales
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static IReadOnlyList<string> All { get; } = [English, Chinese];
}
