using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Tests.Cluster;
using TelecomContactCenter.Server.Tests.Ivr;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Calls;

/// <summary>
/// A call admitted to the IVR has its interaction row from admission, open, before the IVR queues it; when the node
/// dies with the call still in the IVR (its database as a killed process leaves it: a consistent copy taken then), the
/// node's restart ends that row as a node failure. Real hosts on SQLite, a sipp caller who presses nothing.
/// </summary>
public sealed class CallOwnerAdmissionRowTests : IDisposable
{
    private const string Standard = "+8613800000004";
    private const string Node = "solo";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-admission-row-");

    [Fact]
    public async Task CallInTheIvr_HasAnOpenRowBeforeItIsQueued_AndTheNodesRestartEndsItAsNodeFailure()
    {
        var callId = $"admitted-{Guid.NewGuid():N}";
        var live = Settings("live");
        var dead = Settings("dead");
        Interaction inIvr;
        CallState? phase;
        Task<SippRun> calling;
        await using (var node = ClusterNode.Start(live))
        {
            // The caller presses nothing and stays on until the service hangs up (here, as the node stops).
            var scenario = Path.Combine(_folder.FullName, "silent.xml");
            await File.WriteAllTextAsync(scenario, IvrScenarios.CallUntilHungUp("[auto_media_port]"));
            calling = Sipp.RunAsync(scenario, node.Services.GetRequiredService<SipStack>().UdpEndPoint,
                ["-s", "10000", "-key", "caller", Standard, "-m", "1", "-cid_str", callId, "-timeout", "30s"], deadline: TimeSpan.FromSeconds(60));

            // The row first, then the phase: a phase short of the queue read after it proves the row came before.
            inIvr = await RowAsync(node, callId);
            phase = node.Services.GetRequiredService<CallBook>().Find(new CallId(callId))?.State;
            await using (var source = new SqliteConnection($"Data Source={live["Database:SqlitePath"]};Pooling=False"))
            await using (var copy = new SqliteConnection($"Data Source={dead["Database:SqlitePath"]};Pooling=False"))
            {
                await source.OpenAsync();
                source.BackupDatabase(copy);
            }

        }

        // The caller's own outcome is not this test's subject (the stop's BYE to a caller is CallOwnerHandOverTests'):
        // sipp is only awaited, so it is gone before the folder is.
        await calling;

        Interaction afterRestart;
        await using (var restarted = ClusterNode.Start(dead))
        await using (var scope = restarted.Services.CreateAsyncScope())
        {
            afterRestart = await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Interactions.AsNoTracking()
                .SingleAsync(i => i.CallId == callId);
        }

        Assert.Contains(phase, new CallState?[] { CallState.Admitted, CallState.Ivr });
        Assert.Equal((Node, Standard), (inIvr.Node, inIvr.Caller));
        Assert.Equal((null, null, null, null), (inIvr.EndedAt, inIvr.Disposition, inIvr.QueuedAt, inIvr.Queue));
        Assert.Equal(InteractionWriter.NodeFailureDisposition, afterRestart.Disposition);
        Assert.NotNull(afterRestart.EndedAt);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private Dictionary<string, string?> Settings(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, name)).FullName;
        var settings = ClusterNode.SqliteSettings(folder);
        settings["DataProtection:KeysPath"] = Path.Combine(_folder.FullName, "keys");
        settings["Cluster:NodeName"] = Node;
        settings["Sip:Transport:Address"] = "127.0.0.1";
        settings["Sip:TrustedTrunks:0"] = "127.0.0.1";
        settings["Media:BindAddress"] = "127.0.0.1";
        settings["Telephony:RecordFlushDelay"] = "00:00:00";
        return settings;
    }

    /// <summary>The call's row as soon as it is written (a caller's in the IVR from its admission).</summary>
    private static async Task<Interaction> RowAsync(ClusterNode node, string callId)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            await using (var scope = node.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
                if (await db.Interactions.AsNoTracking().SingleOrDefaultAsync(i => i.CallId == callId, deadline.Token) is { } row)
                {
                    return row;
                }
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
