using System.Globalization;

namespace TelecomContactCenter.Server.Capacity;

internal static class ProcessLimits
{
    /// <summary>
    /// The soft open-file limit from /proc/self/limits on Linux; null elsewhere or when unlimited. Read after the
    /// runtime has started, so it is the value in force (the runtime raises the soft limit to the hard one).
    /// </summary>
    public static long? OpenFiles() => OperatingSystem.IsLinux() ? OpenFiles(TryRead("/proc/self/limits")) : null;

    /// <summary>The soft limit from the text of a /proc limits file.</summary>
    public static long? OpenFiles(string? limitsText)
    {
        if (limitsText is null)
        {
            return null;
        }

        foreach (var line in limitsText.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }

        return null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
