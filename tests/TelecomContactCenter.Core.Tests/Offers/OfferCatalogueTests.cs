using TelecomContactCenter.Core.Offers;

namespace TelecomContactCenter.Core.Tests.Offers;

public sealed class OfferCatalogueTests
{
    private const string Minimal = """{ "version": "t1", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "s" } ] }""";

    [Fact]
    public void LoadEmbedded_ShipsEveryScriptOfTheDomainBrief()
    {
        var catalogue = OfferCatalogue.LoadEmbedded();

        var ids = catalogue.Offers.Select(o => o.Id).ToArray();
        string[] expected =
        [
            "ACQ-1", "ACQ-2", "ACQ-3", "ACQ-4", "GRO-1", "GRO-2", "GRO-3", "GRO-4", "MAT-1", "MAT-2", "MAT-3", "MAT-4", "MAT-5",
            "DEC-1", "DEC-2", "DEC-3", "DEC-4", "DEC-5", "CHN-1", "CHN-2", "CHN-3",
        ];
        Assert.Equal(expected, ids);
        Assert.Equal("2026.12.1", catalogue.Version);
    }

    [Fact]
    public void LoadEmbedded_EveryScriptInChineseWithTheSameSlots()
    {
        foreach (var offer in OfferCatalogue.LoadEmbedded().Offers)
        {
            Assert.True(offer.Scripts.TryGetValue("zh-CN", out var chinese), $"{offer.Id} has no zh-CN script");
            Assert.Equal(ScriptTemplate.Slots(offer.Script).Order(), ScriptTemplate.Slots(chinese).Order());
        }
    }

    [Theory]
    [InlineData("CHN-2", OfferKind.WinBack)]
    [InlineData("DEC-2", OfferKind.ServiceRecovery)]
    [InlineData("GRO-1", OfferKind.Upsell)]
    [InlineData("MAT-1", OfferKind.Retention)]
    [InlineData("DEC-1", OfferKind.Informational)]
    public void LoadEmbedded_OfferKinds(string id, OfferKind kind)
    {
        Assert.Equal(kind, OfferCatalogue.LoadEmbedded().Find(id)?.Kind);
    }

    [Fact]
    public void Parse_Minimal_UsesDefaults()
    {
        var catalogue = OfferCatalogue.Parse(Minimal);

        var offer = Assert.Single(catalogue.Offers);
        Assert.Empty(offer.Stages);
        Assert.Equal(ComplaintRequirement.Any, offer.Complaint);
    }

    [Theory]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "s" }, { "id": "A", "name": "b", "kind": "Upsell", "script": "s" } ] }""", "offer id A appears 2 times")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "s", "causes": ["Weather"] } ] }""", "unknown cause Weather")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "s", "discountPercent": 10 } ] }""", "no durationMonths")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "s", "fallbackFor": "Z" } ] }""", "unknown offer Z")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell" } ] }""", "not valid")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Bribe", "script": "s" } ] }""", "not valid")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "s", "colour": "red" } ] }""", "not valid")]
    [InlineData("""{ "offers": [] }""", "version")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "Try {gadget}" } ] }""", "offer A slot {gadget} (en) has no value source")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "Try {gadget}", "defaults": { "gadget": "x" }, "scripts": { "zh-CN": "{小工具}" } } ] }""", "offer A slot {小工具} (zh-CN) has no value source")]
    [InlineData("""{ "version": "t", "offers": [ { "id": "A", "name": "a", "kind": "Upsell", "script": "s", "scripts": { "fr": "s" } } ] }""", "unknown locale fr")]
    public void Parse_InvalidCatalogue_ThrowsNamingTheProblem(string json, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => OfferCatalogue.Parse(json));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }
}
