using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// Memory mode: idle agent desktops (several per agent when there are more connections than agents; the hub allows
/// it) held open by child processes, so neither this process's file limit nor its memory mixes with the server's.
/// The server's resident memory is read from /proc before and after. Prints Markdown.
/// </summary>
internal static class MemoryRun
{
    private const int ConnectionsPerChild = 9_000;

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var users = arguments.Int("users", 5000);
        var connections = arguments.Int("connections", 20_000);
        var password = arguments.String("password", "ContactCenter!1");
        var names = Enumerable.Range(1, users).Select(n => $"benchagent{n}").ToList();
        await using var server = await ServerProcess.StartAsync(BenchArguments.FindRepository(), users, "Warning", TimeSpan.FromMinutes(15), null,
            // No calls in this mode: the server's open-file budget (docs/server.md) then leaves nearly all of the
            // limit to WebSockets instead of holding it for RTP pairs and SIP TCP connections.
            ("Media:RtpPorts:MinPort", "10000"), ("Media:RtpPorts:MaxPort", "10003"), ("Sip:Transport:MaxTcpConnections", "16"));
        var tokens = await Desktops.LoginAsync(server.Http, names, password, parallel: 4);
        var tokenFile = Path.GetTempFileName();
        await File.WriteAllLinesAsync(tokenFile, names.Select(n => $"{n}\t{tokens[n]}"));
        PopRun.Progress($"{users} agents signed in; settling before the baseline");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var before = server.Memory();

        var children = new List<Process>();
        try
        {
            for (var offset = 0; offset < connections; offset += ConnectionsPerChild)
            {
                children.Add(StartChild(server.Http, tokenFile, offset, Math.Min(ConnectionsPerChild, connections - offset)));
            }

            var opened = 0;
            foreach (var child in children)
            {
                var line = await child.StandardOutput.ReadLineAsync() ?? "connected 0";
                opened += int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
            }

            PopRun.Progress($"{opened} desktops connected; idling 30 s (two ping rounds)");
            await Task.Delay(TimeSpan.FromSeconds(30));
            var after = server.Memory();
            var open = 0;
            foreach (var child in children)
            {
                await child.StandardInput.WriteLineAsync("status");
                open += int.Parse((await child.StandardOutput.ReadLineAsync() ?? "open 0").Split(' ')[1], CultureInfo.InvariantCulture);
            }

            var perConnection = (after.Rss - before.Rss) * 1024 / Math.Max(1, open);
            var perConnectionAnon = (after.Anonymous - before.Anonymous) * 1024 / Math.Max(1, open);
            Console.WriteLine("| Server process | resident MiB (VmRSS) | anonymous MiB (RssAnon) |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {users} agents signed in, no desktop connected | {before.Rss:0} | {before.Anonymous:0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {open} idle desktops connected (30 s later) | {after.Rss:0} | {after.Anonymous:0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| per connection | {perConnection:0.0} KiB | {perConnectionAnon:0.0} KiB |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| 20,000 connections at that rate (baseline + 20,000 × per connection) | {before.Rss + perConnection * 20_000 / 1024:0} | {before.Anonymous + perConnectionAnon * 20_000 / 1024:0} |"));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- {opened} WebSockets opened by {children.Count} client processes ({users} agents, up to {(connections + users - 1) / users} desktops each), {open} still open after 30 s."));
            return open == connections ? 0 : 1;
        }
        finally
        {
            foreach (var child in children)
            {
                await child.StandardInput.WriteLineAsync("exit");
                await child.WaitForExitAsync();
                child.Dispose();
            }

            File.Delete(tokenFile);
        }
    }

    private static Process StartChild(Uri server, string tokenFile, int offset, int count)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { "clients", server.ToString(), tokenFile, offset.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("A client process did not start.");
    }

    /// <summary>The child's side: connect, report, answer "status" with the open count, leave on "exit".</summary>
    public static async Task<int> ClientsAsync(string[] args)
    {
        var server = new Uri(args[1]);
        var logins = (await File.ReadAllLinesAsync(args[2])).Select(l => l.Split('\t')).Select(p => (p[0], p[1])).ToList();
        var offset = int.Parse(args[3], CultureInfo.InvariantCulture);
        var count = int.Parse(args[4], CultureInfo.InvariantCulture);
        var mine = Enumerable.Range(offset, count).Select(i => logins[i % logins.Count]).Select(l => new DesktopLogin(server, l.Item1, l.Item2)).ToList();
        await using var desktops = await Desktops.ConnectAsync(mine, null, available: false, parallel: 32);
        Console.WriteLine($"connected {desktops.All.Count}");
        while (await Console.In.ReadLineAsync() is { } command && command != "exit")
        {
            Console.WriteLine($"open {desktops.All.Count(d => d.IsOpen)}");
        }

        return 0;
    }
}
