using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// Signs agents in (POST /api/auth/login) and keeps many desktops connected. Each desktop's client sends its own
/// keep-alive 15 s after its last message, so the pings fall at each desktop's own phase, as a fleet's would.
/// </summary>
internal sealed class Desktops : IAsyncDisposable
{
    private readonly List<AgentDesktop> _open;
    private readonly HttpMessageInvoker _http;

    private Desktops(List<AgentDesktop> open, HttpMessageInvoker http)
    {
        _open = open;
        _http = http;
    }

    public IReadOnlyList<AgentDesktop> All => _open;

    /// <summary>Bearer tokens by agent; every login costs the server one PBKDF2 verification.</summary>
    public static async Task<Dictionary<string, string>> LoginAsync(Uri server, IReadOnlyList<string> agents, string password, int parallel)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        var tokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (agent, token) =>
        {
            using var response = await http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { userName = agent, password }, token);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(token);
            tokens[agent] = body.GetProperty("accessToken").GetString()!;
        });
        return new Dictionary<string, string>(tokens, StringComparer.Ordinal);
    }

    /// <summary>Opens one desktop per login, each on its login's server, optionally setting each Available.</summary>
    public static async Task<Desktops> ConnectAsync(IReadOnlyList<DesktopLogin> logins, CallLog? log, bool available, int parallel)
    {
        var http = new HttpMessageInvoker(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        var open = new ConcurrentBag<AgentDesktop>();
        await Parallel.ForEachAsync(logins, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (login, token) =>
        {
            var desktop = await AgentDesktop.ConnectAsync(new Uri(login.Server, "/hubs/agent"), http, login.Agent, login.Token, log, token);
            open.Add(desktop);
            if (available)
            {
                await desktop.SetAvailableAsync(token);
            }
        });
        return new Desktops([.. open], http);
    }

    public long WrapUps => _open.Sum(d => d.WrapUps);

    public long Errors => _open.Sum(d => d.Errors);

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_open, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (d, _) => await d.DisposeAsync());
        _http.Dispose();
    }
}

/// <summary>An agent's desktop to open: the server (node) it connects to, and the agent's bearer token.</summary>
internal sealed record DesktopLogin(Uri Server, string Agent, string Token);
