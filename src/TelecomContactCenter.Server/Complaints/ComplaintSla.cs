using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>Core's SLA policy, workflow and clock built once from the validated "Sla" options. Immutable, thread-safe.</summary>
internal sealed class ComplaintSla(IOptions<SlaOptions> options, TimeProvider timeProvider)
{
    public SlaPolicy Policy { get; } = new(options.Value);

    public ComplaintWorkflow Workflow => new(Policy);

    public SlaStatus StatusOf(Complaint complaint) => new SlaClock(Policy).Evaluate(complaint, timeProvider.GetUtcNow());

    public SlaStatus StatusOf(Complaint complaint, DateTimeOffset now) => new SlaClock(Policy).Evaluate(complaint, now);
}
