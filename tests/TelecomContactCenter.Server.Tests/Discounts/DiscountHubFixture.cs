using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Discounts;

/// <summary>The hub host with agent1's own discount authority capped at 0%, so any discount agent1 grants needs approval; everyone else has the tier's agent rung.</summary>
public sealed class DiscountHubFixture : HubServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        [KeyValuePair.Create<string, string?>("Offers:AgentDiscountAuthority:agent1", "0")];
}
