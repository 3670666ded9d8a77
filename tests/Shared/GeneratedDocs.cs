namespace TelecomContactCenter.Testing;

/// <summary>
/// A diagram in a Markdown file of the repository that is generated from code: the first fenced block opened with
/// <c>fence</c> must equal what the code generates. With UPDATE_DOCS=1 the block is rewritten instead of checked.
/// </summary>
internal static class GeneratedDocs
{
    /// <summary>Null when the committed block is current (or was just rewritten); otherwise the committed block.</summary>
    public static string? Stale(string relativePath, string fence, string generated)
    {
        var path = Path.Combine(RepositoryFiles.Root(), relativePath);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        var end = text.IndexOf("```", start, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..start] + generated + text[end..]);
            return null;
        }

        return generated == text[start..end] ? null : text[start..end];
    }
}
