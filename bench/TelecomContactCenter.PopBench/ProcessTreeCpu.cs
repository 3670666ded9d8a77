using System.Globalization;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// CPU time of a process and everything it forked (Kamailio's workers, PostgreSQL's backends), read from /proc: the
/// root's own time and the time of the children it has reaped (cutime, cstime), plus the time of every live
/// descendant. A descendant that ends between two readings moves from the second sum to the first, so a difference of
/// two readings counts it once.
/// </summary>
internal static class ProcessTreeCpu
{
    // USER_HZ: the unit of /proc/PID/stat's times, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int rootPid)
    {
        var processes = new Dictionary<int, (int Parent, long Own, long Reaped)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                processes[pid] = stat;
            }
        }

        if (!processes.TryGetValue(rootPid, out var root))
        {
            return TimeSpan.Zero;
        }

        var ticks = root.Own + root.Reaped;
        var children = processes.ToLookup(p => p.Value.Parent, p => p.Key);
        var pending = new Stack<int>(children[rootPid]);
        while (pending.TryPop(out var pid))
        {
            ticks += processes[pid].Own;
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Parent, utime + stime and cutime + cstime of one process; null when it has gone.</summary>
    private static (int Parent, long Own, long Reaped)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so the fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
