using Microsoft.AspNetCore.SignalR;

namespace TelecomContactCenter.Server.Web;

/// <summary>
/// The same field limits as <see cref="RequestLimits"/> for hub method arguments: a string argument is judged by its
/// parameter's name (so <c>scriptVersion</c>, <c>callId</c>, <c>summary</c> get their rules), a request record field by
/// field. A violation fails the invocation with a <see cref="HubException"/> naming the fields; the method never runs.
/// </summary>
internal sealed class RequestLimitsHubFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var parameters = invocationContext.HubMethod.GetParameters();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Length && i < invocationContext.HubMethodArguments.Count; i++)
        {
            if (invocationContext.HubMethodArguments[i] is { } argument)
            {
                RequestLimits.CheckArgument(parameters[i].Name ?? $"arg{i}", argument, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new HubException(Refusal.HubMessage("request.invalidFields", "Invalid request fields, nothing was stored: "
                + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))));
        }

        return next(invocationContext);
    }
}
