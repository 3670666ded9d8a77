namespace TelecomContactCenter.Testing;

/// <summary>Files of the repository the tests run from (found by walking up to TelecomContactCenter.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TelecomContactCenter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (TelecomContactCenter.sln) was not found.");
    }
}
