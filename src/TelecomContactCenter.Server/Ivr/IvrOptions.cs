namespace TelecomContactCenter.Server.Ivr;

/// <summary>Configuration section "Ivr": where the flow files are and how the IVR answers calls.</summary>
internal sealed class IvrOptions
{
    public const string Section = "Ivr";

    /// <summary>
    /// The folder of flow files (*.json). A relative path is looked up under the content root and up to three folders
    /// above it (so <c>dotnet run --project src/TelecomContactCenter.Server</c>, whose content root is the project
    /// folder, and the tests both use the repository's ivr-flows/ and reload its edits), then under the app's own
    /// folder, where the build copies ivr-flows/ (a published app).
    /// </summary>
    public string FlowsPath { get; set; } = "ivr-flows";

    /// <summary>How long the folder must stay quiet before changed files are reloaded (editors write in bursts).</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The address written in our SDP answers; the RTP sockets must be reachable on it.</summary>
    public string MediaAddress { get; set; } = "127.0.0.1";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(FlowsPath))
        {
            yield return $"{Section}:{nameof(FlowsPath)} must name a folder.";
        }

        if (ReloadDebounce < TimeSpan.Zero || ReloadDebounce > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:{nameof(ReloadDebounce)} must be between 0 and 1 minute.";
        }

        if (!System.Net.IPAddress.TryParse(MediaAddress, out var address) || address.Equals(System.Net.IPAddress.Any))
        {
            yield return $"{Section}:{nameof(MediaAddress)} must be a concrete IP address, not '{MediaAddress}'.";
        }
    }

    /// <summary>Resolves a relative folder as <see cref="FlowsPath"/> describes; falls back to the content-root form.</summary>
    public static string ResolveFolder(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var underContentRoot = Path.GetFullPath(Path.Combine(contentRoot, path));
        var folder = new DirectoryInfo(contentRoot);
        for (var level = 0; level <= 3 && folder is not null; level++, folder = folder.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(folder.FullName, path));
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        var underApp = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
        return Directory.Exists(underApp) ? underApp : underContentRoot;
    }
}
