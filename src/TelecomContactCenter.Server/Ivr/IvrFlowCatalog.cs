using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Media.Prompts;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// The live set of IVR flows, looked up by access number. Loaded from the flow folder when first built (a bad
/// flow throws <see cref="IvrFlowException"/> and so stops start-up) and replaced by <see cref="Reload"/> only
/// when every file in the folder is valid. Thread-safe: the whole set is one immutable result swapped atomically.
/// </summary>
internal sealed partial class IvrFlowCatalog
{
    private readonly IReadOnlySet<string> _prompts;
    private readonly ILogger<IvrFlowCatalog> _logger;
    private IvrFlowLoadResult _current;

    public IvrFlowCatalog(string folder, PromptLibrary prompts, ILogger<IvrFlowCatalog> logger)
    {
        Folder = folder;
        _prompts = prompts.Names.ToHashSet(StringComparer.Ordinal);
        _logger = logger;
        _current = LoadFolder().ThrowIfInvalid();
        LogLoaded(_logger, _current.Flows.Count, Folder);
    }

    public string Folder { get; }

    public IReadOnlyList<IvrFlow> Flows => Volatile.Read(ref _current).Flows;

    public IvrFlow? FindByAccessNumber(string accessNumber) => Volatile.Read(ref _current).FindByAccessNumber(accessNumber);

    /// <summary>Reads the folder again; keeps the live flows and logs every problem when anything is invalid.</summary>
    public bool Reload()
    {
        IvrFlowLoadResult next;
        try
        {
            next = LoadFolder();
        }
        catch (IOException ex)
        {
            LogReloadFailed(_logger, Folder, ex.Message);
            return false;
        }

        if (!next.IsValid)
        {
            foreach (var error in next.Errors)
            {
                LogRejected(_logger, error.File, error.State ?? "-", error.Problem);
            }

            return false;
        }

        Volatile.Write(ref _current, next);
        LogLoaded(_logger, next.Flows.Count, Folder);
        return true;
    }

    private IvrFlowLoadResult LoadFolder()
    {
        if (!Directory.Exists(Folder))
        {
            throw new DirectoryNotFoundException($"The IVR flow folder '{Folder}' does not exist (set {IvrOptions.Section}:{nameof(IvrOptions.FlowsPath)}).");
        }

        var sources = Directory.EnumerateFiles(Folder, "*.json", SearchOption.TopDirectoryOnly)
            .Where(path => !path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(path => new IvrFlowSource(Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
        return IvrFlowLoader.Load(sources, _prompts);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} IVR flows from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int count, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "IVR flow change rejected, previous flows stay live: {File}: state {State}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string file, string state, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "IVR flow folder {Folder} could not be read, previous flows stay live: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string folder, string reason);
}
