using System.Collections.Concurrent;

namespace TelecomContactCenter.Server.Agents;

/// <summary>
/// Which agents have a desktop connected, by user name: this node's own hub connections and, in a cluster, the
/// nodes other than this one on which the agent has a desktop (as those nodes reported it to the ACD leader).
/// Thread-safe: concurrent dictionaries of per-agent sets, each set changed only under its own lock.
/// </summary>
internal sealed class AgentConnections
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _byAgent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _remote = new(StringComparer.Ordinal);

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

    public bool IsConnected(string agent) => Any(_byAgent, agent) || Any(_remote, agent);

    /// <summary>Whether the agent has a desktop connected to this node itself.</summary>
    public bool IsConnectedHere(string agent) => Any(_byAgent, agent);

    /// <summary>The agents with a desktop connected to this node.</summary>
    public IReadOnlyList<string> Here() => [.. _byAgent.Keys.Where(IsConnectedHere)];

    /// <summary>Another node reported that the agent's desktop is (or is no longer) connected to it.</summary>
    public void SetRemote(string agent, string node, bool connected)
    {
        var set = _remote.GetOrAdd(agent, _ => new HashSet<string>(StringComparer.Ordinal));
        lock (set)
        {
            if (connected)
            {
                set.Add(node);
            }
            else
            {
                set.Remove(node);
            }
        }
    }

    /// <summary>Every desktop reported by <paramref name="node"/> is gone (the node died), or every remote desktop when null.</summary>
    public void ForgetRemote(string? node)
    {
        foreach (var set in _remote.Values)
        {
            lock (set)
            {
                if (node is null)
                {
                    set.Clear();
                }
                else
                {
                    set.Remove(node);
                }
            }
        }
    }

    private static bool Any(ConcurrentDictionary<string, HashSet<string>> map, string agent)
    {
        if (!map.TryGetValue(agent, out var set))
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
