using System.Text.Json;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Api;

/// <summary>
/// The OpenAPI document is what an integrator builds a client from: every operation must say what it does, which
/// problems it answers with, and (unless it is one of the few open ones) that it needs the bearer token.
/// </summary>
public sealed class OpenApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    /// <summary>The operations anyone may call: signing in, the sign-in page's needs, the desk clock and health.</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "POST /api/auth/login", "POST /api/auth/cookie", "GET /api/auth/antiforgery", "GET /api/auth/sign-in-info",
        "GET /api/desk/settings", "GET /healthz",
    ];

    [Fact]
    public async Task EveryOperation_HasADescriptionProblemResponsesAndTheBearerSchemeUnlessAnonymous()
    {
        using var document = await DocumentAsync();
        var failures = new List<string>();
        var operations = 0;

        foreach (var (path, item) in document.RootElement.GetProperty("paths").EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            foreach (var operation in item.EnumerateObject())
            {
                operations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path}";
                var op = operation.Value;
                if (!op.TryGetProperty("description", out var description) || string.IsNullOrWhiteSpace(description.GetString()))
                {
                    failures.Add($"{name}: no description");
                }

                var problems = op.GetProperty("responses").EnumerateObject()
                    .Where(r => r.Name.StartsWith('4') && r.Value.TryGetProperty("content", out var content)
                        && content.TryGetProperty("application/problem+json", out _))
                    .Select(r => r.Name).ToList();
                if (!problems.Contains("400"))
                {
                    failures.Add($"{name}: no ProblemDetails error response");
                }

                var secured = op.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(s => s.TryGetProperty("Bearer", out _));
                if (!secured && !Anonymous.Contains(name))
                {
                    failures.Add($"{name}: no bearer security");
                }

                if (secured && !(problems.Contains("401") && problems.Contains("403")))
                {
                    failures.Add($"{name}: secured without 401/403 problem responses");
                }
            }
        }

        Assert.True(operations >= 30, $"only {operations} operations in the document");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Document_ListsCodeEnumsPagingAndLeavesNullableRequestFieldsOptional()
    {
        using var document = await DocumentAsync();
        var root = document.RootElement;
        var schemas = root.GetProperty("components").GetProperty("schemas");

        Assert.Contains("EscalateToBackOffice", Enum(schemas.GetProperty("FireTriggerRequest").GetProperty("properties").GetProperty("trigger")));
        var create = schemas.GetProperty("CreateComplaintRequest");
        Assert.Contains("BILL", Enum(create.GetProperty("properties").GetProperty("category")));
        var required = create.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).ToList() : [];
        Assert.Contains("category", required);
        Assert.DoesNotContain("summary", required);
        Assert.DoesNotContain("customerPhone", required);
        var complaint = schemas.GetProperty("ComplaintView").GetProperty("properties");
        Assert.Contains("ResolvedPendingConfirmation", Enum(complaint.GetProperty("state")));
        Assert.Contains("Warning75", Enum(schemas.GetProperty("SlaView").GetProperty("properties").GetProperty("band")));
        Assert.Contains("Declined", Enum(schemas.GetProperty("RecordOutcomeRequest").GetProperty("properties").GetProperty("outcome")));

        var atRisk = root.GetProperty("paths").GetProperty("/api/wallboard/at-risk").GetProperty("get");
        var parameters = atRisk.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Contains("200", parameters["pageSize"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(parameters.ContainsKey("page"));
        var list = root.GetProperty("paths").GetProperty("/api/complaints").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Contains("Breached", Enum(list["slaBand"].GetProperty("schema")));
    }

    private static List<string?> Enum(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString())] : [];

    private async Task<JsonDocument> DocumentAsync()
    {
        var client = fixture.Factory.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
    }
}
