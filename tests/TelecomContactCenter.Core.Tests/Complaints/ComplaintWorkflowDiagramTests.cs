using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class ComplaintWorkflowDiagramTests
{
    private const string Fence = "```mermaid\n";

    [Fact]
    public void CommittedDiagram_MatchesGeneratedDiagram()
    {
        var path = Path.Combine(RepositoryFiles.Root(), "docs", "complaint-workflow.md");
        var generated = ComplaintWorkflow.ToMermaid();
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(Fence, StringComparison.Ordinal) + Fence.Length;
        var end = text.IndexOf("```", start, StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..start] + generated + text[end..]);
            return;
        }

        Assert.True(
            generated == text[start..end],
            $"{path} is out of date with ComplaintWorkflow.ToMermaid(); regenerate with UPDATE_DOCS=1 dotnet test --filter {nameof(ComplaintWorkflowDiagramTests)}");
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
