namespace TelecomContactCenter.Core.Ivr;

/// <summary>One flow file's name (for messages) and its JSON text.</summary>
public sealed record IvrFlowSource(string FileName, string Json)
{
    /// <summary>Reads a UTF-8 stream the host has opened; Core never opens files itself.</summary>
    public static IvrFlowSource FromStream(string fileName, Stream utf8Json)
    {
        using var reader = new StreamReader(utf8Json, leaveOpen: true);
        return new IvrFlowSource(fileName, reader.ReadToEnd());
    }
}

/// <summary>
/// The outcome of loading a set of flow files: the valid flows and every problem found. Start-up should call
/// <see cref="ThrowIfInvalid"/>; a reload should keep the previous result live unless the new one
/// <see cref="IsValid"/>.
/// </summary>
public sealed class IvrFlowLoadResult
{
    private readonly Dictionary<string, IvrFlow> _byAccessNumber;

    internal IvrFlowLoadResult(IReadOnlyList<IvrFlow> flows, IReadOnlyList<IvrFlowError> errors)
    {
        Flows = flows;
        Errors = errors;
        _byAccessNumber = [];
        foreach (var flow in flows)
        {
            foreach (var number in flow.AccessNumbers)
            {
                _byAccessNumber.TryAdd(number, flow);
            }
        }
    }

    public IReadOnlyList<IvrFlow> Flows { get; }

    public IReadOnlyList<IvrFlowError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    /// <summary>The flow for a dialled access number, or null when no flow claims it.</summary>
    public IvrFlow? FindByAccessNumber(string accessNumber) => _byAccessNumber.GetValueOrDefault(accessNumber);

    /// <exception cref="IvrFlowException">Any file has a problem; the message lists them all.</exception>
    public IvrFlowLoadResult ThrowIfInvalid() => IsValid ? this : throw new IvrFlowException(Errors);
}

/// <summary>
/// Parses and validates flow files together: each against the schema rules and the semantic rules of
/// <see cref="IvrFlowValidator"/>, and across files for duplicate flow ids and access numbers. Pure and thread-safe.
/// </summary>
public static class IvrFlowLoader
{
    /// <param name="sources">Every flow file (typically ivr-flows/*.json except the schema).</param>
    /// <param name="availablePrompts">Prompt names present (ivr-flows/prompts/*.wav without extension); null skips the prompt check.</param>
    public static IvrFlowLoadResult Load(IEnumerable<IvrFlowSource> sources, IReadOnlySet<string>? availablePrompts)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var errors = new List<IvrFlowError>();
        var flows = new List<IvrFlow>();
        foreach (var source in sources.OrderBy(s => s.FileName, StringComparer.Ordinal))
        {
            var fileErrors = new List<IvrFlowError>();
            if (IvrFlowParser.Parse(source.FileName, source.Json, fileErrors) is { } flow)
            {
                IvrFlowValidator.Validate(flow, availablePrompts, fileErrors);
                if (fileErrors.Count == 0)
                {
                    flows.Add(flow);
                }
            }

            errors.AddRange(fileErrors);
        }

        var accepted = new List<IvrFlow>();
        var owners = new Dictionary<string, IvrFlow>();
        var ids = new Dictionary<string, IvrFlow>();
        foreach (var flow in flows)
        {
            var clash = false;
            if (ids.TryGetValue(flow.Id, out var sameId))
            {
                errors.Add(new IvrFlowError(flow.FileName, null, $"flow id '{flow.Id}' is also used by {sameId.FileName}"));
                clash = true;
            }

            foreach (var number in flow.AccessNumbers.Where(owners.ContainsKey))
            {
                errors.Add(new IvrFlowError(flow.FileName, null, $"access number {number} is also claimed by {owners[number].FileName}"));
                clash = true;
            }

            if (clash)
            {
                continue;
            }

            ids[flow.Id] = flow;
            foreach (var number in flow.AccessNumbers)
            {
                owners[number] = flow;
            }

            accepted.Add(flow);
        }

        return new IvrFlowLoadResult(accepted, errors);
    }

    /// <summary>Loads one flow on its own, for tests and tools; access-number clashes with other files are not checked.</summary>
    public static IvrFlowLoadResult Load(IvrFlowSource source, IReadOnlySet<string>? availablePrompts) => Load([source], availablePrompts);
}
