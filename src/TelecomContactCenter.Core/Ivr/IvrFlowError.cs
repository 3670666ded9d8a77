namespace TelecomContactCenter.Core.Ivr;

/// <summary>One problem in a flow file: the file, the state (if the problem is inside one) and what is wrong.</summary>
public sealed record IvrFlowError(string File, string? State, string Problem)
{
    public override string ToString() => State is null ? $"{File}: {Problem}" : $"{File}: state '{State}': {Problem}";
}

/// <summary>Thrown by <see cref="IvrFlowLoadResult.ThrowIfInvalid"/> so a bad flow stops start-up with every problem listed.</summary>
public sealed class IvrFlowException(IReadOnlyList<IvrFlowError> errors)
    : FormatException("IVR flows are not valid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<IvrFlowError> Errors { get; } = errors;
}
