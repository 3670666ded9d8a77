using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Ivr;

namespace TelecomContactCenter.Server.Tests.Ivr;

public sealed class IvrFlowCatalogTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-flows-");
    private readonly string _shipped = Path.Combine(AppContext.BaseDirectory, "ivr-flows");
    private readonly PromptLibrary _prompts;

    public IvrFlowCatalogTests()
    {
        _prompts = PromptLibrary.Load(Path.Combine(_shipped, "prompts"));
        foreach (var file in Directory.GetFiles(_shipped, "*.json"))
        {
            File.Copy(file, Path.Combine(_folder.FullName, Path.GetFileName(file)));
        }
    }

    [Fact]
    public void Load_ShippedFlows_ServeBothDemoNumbers()
    {
        var catalog = new IvrFlowCatalog(_folder.FullName, _prompts, NullLogger<IvrFlowCatalog>.Instance);

        Assert.Equal(("main", "routing-only"), (catalog.FindByAccessNumber("10000")?.Id, catalog.FindByAccessNumber("10001")?.Id));
    }

    [Fact]
    public void Load_DanglingTransition_ThrowsNamingFileStateAndProblem()
    {
        Edit("main.json", "\"1\": \"billing\"", "\"1\": \"billing2\"");

        var error = Assert.Throws<IvrFlowException>(() => new IvrFlowCatalog(_folder.FullName, _prompts, NullLogger<IvrFlowCatalog>.Instance));

        Assert.Contains(error.Errors, e => e.File == "main.json" && e.State == "main-menu" && e.Problem.Contains("billing2", StringComparison.Ordinal));
        Assert.Contains("main.json: state 'main-menu'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PromptMissingFromLibrary_ThrowsNamingThePrompt()
    {
        var fewer = new PromptLibrary(_prompts.Names.Where(n => n != "main-menu").Select(n => _prompts[n]));

        var error = Assert.Throws<IvrFlowException>(() => new IvrFlowCatalog(_folder.FullName, fewer, NullLogger<IvrFlowCatalog>.Instance));

        Assert.Contains(error.Errors, e => e.State == "main-menu" && e.Problem.Contains("main-menu", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watcher_BadFileWritten_RejectedAndPreviousFlowStaysLive()
    {
        var catalog = new IvrFlowCatalog(_folder.FullName, _prompts, NullLogger<IvrFlowCatalog>.Instance);
        var before = catalog.FindByAccessNumber("10000");
        using var watcher = await WatchAsync(catalog);
        var reloaded = NextReload(watcher);

        Edit("main.json", "\"start\": \"route\"", "\"start\": \"nowhere\"");
        var accepted = await reloaded.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(accepted);
        Assert.Same(before, catalog.FindByAccessNumber("10000"));
    }

    [Fact]
    public async Task Watcher_ValidChangeWritten_NewVersionServed()
    {
        var catalog = new IvrFlowCatalog(_folder.FullName, _prompts, NullLogger<IvrFlowCatalog>.Instance);
        using var watcher = await WatchAsync(catalog);
        var reloaded = NextReload(watcher);

        Edit("main.json", "\"accessNumbers\": [\"10000\"]", "\"accessNumbers\": [\"10000\", \"10002\"]");
        var accepted = await reloaded.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(accepted);
        Assert.Equal("main", catalog.FindByAccessNumber("10002")?.Id);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static async Task<IvrFlowWatcher> WatchAsync(IvrFlowCatalog catalog)
    {
        var watcher = new IvrFlowWatcher(catalog, Options.Create(new IvrOptions { ReloadDebounce = TimeSpan.FromMilliseconds(50) }), TimeProvider.System);
        await watcher.StartAsync(CancellationToken.None);
        return watcher;
    }

    private static Task<bool> NextReload(IvrFlowWatcher watcher)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += accepted => done.TrySetResult(accepted);
        return done.Task;
    }

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(_folder.FullName, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
