using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server;

internal static class OptionsValidation
{
    /// <summary>
    /// Binds a section and stops start-up with the offending keys when <paramref name="validate"/> reports any.
    /// Binding errors (e.g. "Provider": "Oracle") surface from the binder with the key in the message too.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(
        this IServiceCollection services, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        // Features that share a section (the routing API and the ACD both read "Routing") register it once: a second
        // binding would append every list in it again (each configured queue twice).
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<T>) && d.ImplementationInstance is ValidateByList<T>))
        {
            return services.AddOptions<T>();
        }

        var builder = services.AddOptions<T>().BindConfiguration(section);
        builder.Services.AddSingleton<IValidateOptions<T>>(new ValidateByList<T>(validate));
        builder.ValidateOnStart();
        return builder;
    }

    private sealed class ValidateByList<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = validate(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
