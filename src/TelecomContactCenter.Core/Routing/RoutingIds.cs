namespace TelecomContactCenter.Core.Routing;

/// <summary>The caller leg's SIP Call-ID: one queued call.</summary>
public readonly record struct CallId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>An agent's user name, as used for complaint owners and account managers.</summary>
public readonly record struct AgentId(string Value)
{
    public override string ToString() => Value;
}
