using System.Globalization;

namespace TelecomContactCenter.PopBench;

/// <summary>"--name value" pairs from the command line, with defaults.</summary>
internal sealed class BenchArguments(string[] args)
{
    public string Mode => args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "latency";

    public int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => Value(name) ?? fallback;

    private string? Value(string name)
    {
        var at = Array.IndexOf(args, "--" + name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TelecomContactCenter.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the bench from inside the repository.");
    }
}
