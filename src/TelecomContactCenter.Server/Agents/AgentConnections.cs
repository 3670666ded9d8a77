using System.Collections.Concurrent;

namespace TelecomContactCenter.Server.Agents;

/// <summary>
/// Which agents have a desktop connected, by user name. Thread-safe: a concurrent dictionary of per-agent sets,
/// each set changed only under its own lock.
/// </summary>
internal sealed class AgentConnections
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _byAgent = new(StringComparer.Ordinal);

    public void Add(string agent, string connectionId)
    {
        var set = _byAgent.GetOrAdd(agent, _ => []);
        lock (set)
        {
            set.Add(connectionId);
        }
    }

    /// <summary>Removes one connection; true when it was the agent's last.</summary>
    public bool Remove(string agent, string connectionId)
    {
        if (!_byAgent.TryGetValue(agent, out var set))
        {
            return true;
        }

        lock (set)
        {
            set.Remove(connectionId);
            return set.Count == 0;
        }
    }

    public bool IsConnected(string agent)
    {
        if (!_byAgent.TryGetValue(agent, out var set))
        {
            return false;
        }

        lock (set)
        {
            return set.Count > 0;
        }
    }

    /// <summary>
    /// The SignalR group holding the agent's open desktops, to push to them: a group send looks the group up, while
    /// SignalR's user-addressed and connection-list sends walk every connection of the hub, which at thousands of
    /// desktops cost more than the push itself.
    /// </summary>
    public static string Group(string agent) => "agent:" + agent;

    public int Count => _byAgent.Values.Sum(s =>
    {
        lock (s)
        {
            return s.Count;
        }
    });
}
