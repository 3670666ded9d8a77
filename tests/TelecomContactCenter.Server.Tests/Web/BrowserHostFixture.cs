using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>The real host on Kestrel at an ephemeral loopback port (a browser needs a real socket), on a temporary SQLite database.</summary>
public sealed class BrowserHostFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tcc-browser-{Guid.NewGuid():N}");

    public ServerFactory Factory { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Factory = new ServerFactory(
            new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:SqlitePath"] = Path.Combine(_directory, "contactcenter.db"),
            },
            new ManualTimeProvider(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero)));
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The repository root: the folder holding TelecomContactCenter.sln above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TelecomContactCenter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TelecomContactCenter.sln not found above " + AppContext.BaseDirectory);
    }
}
