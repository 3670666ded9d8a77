using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace TelecomContactCenter.Server.Bss;

internal static class BssSetup
{
    /// <summary>The name of the BSS client's resilience pipeline (it shows in the resilience metrics and logs).</summary>
    public const string PipelineName = "bss";

    public static WebApplicationBuilder AddCustomerSource(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<BssOptions>(BssOptions.Section, o => o.Validate());
        services.AddScoped<LocalCustomerSource>();
        services.AddBssClient();
        services.AddScoped<ICustomerSource>(sp =>
            sp.GetRequiredService<IOptions<BssOptions>>().Value.Source == CustomerSourceKind.Rest
                ? sp.GetRequiredService<RestBssCustomerSource>()
                : sp.GetRequiredService<LocalCustomerSource>());
        return builder;
    }

    /// <summary>
    /// The Refit client for the operator BSS through <c>IHttpClientFactory</c>, with one resilience handler shared by
    /// every lookup (the breaker must see every call): a total timeout, retries of transient failures (connection
    /// errors, 5xx, 408, 429, an attempt timing out), a circuit breaker, and a per-attempt timeout. The pipeline's
    /// timers run on the host's <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddBssClient(this IServiceCollection services)
    {
        var client = services.AddRefitGeneratedClient<IBssCustomerApi>()
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<BssOptions>>().Value;
                if (options.BaseUrl is not null)
                {
                    http.BaseAddress = new Uri(options.BaseUrl.ToString().TrimEnd('/'));
                }

                if (!string.IsNullOrEmpty(options.ApiKey))
                {
                    http.DefaultRequestHeaders.Authorization = new("Bearer", options.ApiKey);
                }

                // Backstop only: the pipeline's total timeout is the real bound.
                http.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(1);
            });
        client.AddResilienceHandler(PipelineName, static (pipeline, context) =>
            Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<BssOptions>>().Value));

        // The default loggers write the URI, which is the caller's number, in full.
        client.RemoveAllLoggers().AddLogger<BssHttpLog>(wrapHandlersPipeline: true);
        services.AddSingleton<BssHttpLog>();
        services.AddScoped<RestBssCustomerSource>();
        return services;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, BssOptions o)
    {
        pipeline.AddTimeout(o.TotalTimeout);
        if (o.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = o.MaxRetries,
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = o.BreakDuration,
        });
        pipeline.AddTimeout(o.AttemptTimeout);
    }
}
