using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class ComplaintWorkflowDiagramTests
{
    private const string Fence = "```mermaid\n";

    [Fact]
    public void CommittedDiagram_MatchesGeneratedDiagram()
    {
        var stale = GeneratedDocs.Stale(Path.Combine("docs", "complaint-workflow.md"), Fence, ComplaintWorkflow.ToMermaid());

        Assert.True(stale is null,
            $"docs/complaint-workflow.md is out of date with ComplaintWorkflow.ToMermaid(); regenerate with UPDATE_DOCS=1 dotnet test --filter {nameof(ComplaintWorkflowDiagramTests)}");
    }

    [Fact]
    public void ToMermaid_DescribesEveryStateAndGuard()
    {
        var diagram = ComplaintWorkflow.ToMermaid();

        foreach (var state in Enum.GetNames<ComplaintState>())
        {
            Assert.Contains(state, diagram, StringComparison.Ordinal);
        }

        Assert.Contains("Closed --> Reopened : Reopen [within 7 days of closing]", diagram, StringComparison.Ordinal);
        Assert.Contains("[*] --> Captured", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("Withdrawn --> ", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("Merged --> ", diagram, StringComparison.Ordinal);
    }

}
