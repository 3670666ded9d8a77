using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace TelecomContactCenter.Server.Tests.Infrastructure;

public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Database:Provider", "Postgres", "Database:PostgresConnectionString")]
    [InlineData("DemoData:CustomerCount", "5", "DemoData:CustomerCount")]
    [InlineData("Tiering:GoldPercentile", "50", "Tiering:GoldPercentile")]
    [InlineData("Bss:Source", "Rest", "Bss:BaseUrl")]
    [InlineData("Telephony:OutboundTrunk", "sip:trunk.example.net:5060", "Telephony:OutboundTrunk")]
    [InlineData("Telephony:OutboundTrunkUser", "callback", "Telephony:OutboundTrunkPassword")]
    [InlineData("Telephony:OutboundTrunkRegister", "true", "Telephony:OutboundTrunkRegister")]
    [InlineData("Callbacks:MaxAttempts", "0", "Callbacks:MaxAttempts")]
    [InlineData("Media:Srtp", "Mandatory", "Media:Srtp")]
    [InlineData("Media:Srtp", "2", "Media:Srtp")]
    [InlineData("Offers:DiscountAuthority:Gold:AgentPercent", "28", "Offers:DiscountAuthority:Gold:AgentPercent")]
    [InlineData("Offers:DiscountAuthority:Silver:SupervisorPercent", "45", "Offers:DiscountAuthority:Silver:SupervisorPercent")]
    [InlineData("Offers:DiscountAuthority:HardCapMonths", "36", "Offers:DiscountAuthority:HardCapMonths")]
    [InlineData("Offers:AgentDiscountAuthorityPercent", "5", "Offers:AgentDiscountAuthorityPercent")]
    [InlineData("Cluster:Redis", "127.0.0.1:6379,noSuchOption=1", "Cluster:Redis")]
    [InlineData("Cluster:Redis", "password=secret", "Cluster:Redis")]
    [InlineData("Sip:CallerIdentity:CountryCode", "44", "Sip:CallerIdentity")]
    [InlineData("PhoneNumbers:CountryCode", "+86", "PhoneNumbers:CountryCode")]
    [InlineData("PhoneNumbers:MinNationalLength", "12", "PhoneNumbers:MaxNationalLength")]
    public void Start_InvalidSetting_FailsNamingTheKey(string key, string value, string named)
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { [key] = value }, new FakeTimeProvider());

        var error = Assert.Throws<OptionsValidationException>(() => factory.Server);

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Start_CatalogueSlotWithoutValueSource_FailsNamingFileOfferAndSlot()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalogue-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "version": "t", "offers": [ { "id": "GRO-9", "name": "g", "kind": "Upsell", "script": "Try {gadget} today" } ] }
            """);
        try
        {
            using var factory = new ServerFactory(new Dictionary<string, string?> { ["Offers:CataloguePath"] = path }, new FakeTimeProvider());

            var error = Assert.Throws<OptionsValidationException>(() => factory.Server);

            Assert.Contains("Offers:CataloguePath", error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("offer GRO-9 slot {gadget} (en) has no value source", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
