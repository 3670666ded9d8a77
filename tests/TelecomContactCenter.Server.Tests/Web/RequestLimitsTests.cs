using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Web;

/// <summary>
/// Every write endpoint the OpenAPI document lists refuses an oversized value in each of its body's string fields
/// with a ProblemDetails 400 naming the field, and stores nothing. Driven from /openapi/v1.json, so an endpoint added
/// later is covered without touching this test.
/// </summary>
public sealed class RequestLimitsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const int Oversized = 1_000_000;

    [Fact]
    public async Task EveryWriteEndpoint_OversizedStringField_Is400NamingTheFieldAndNothingIsStored()
    {
        var client = await AdminClientAsync();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var rowsBefore = await CountRowsAsync();
        var checkedFields = new List<string>();
        var failures = new List<string>();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("post" or "put" or "patch")
                    || operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema)
                {
                    continue;
                }

                var resolved = Resolve(document, schema);
                foreach (var field in StringFields(document, resolved))
                {
                    var body = Sample(document, resolved, field);
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), Fill(path, operation))
                    {
                        Content = JsonContent.Create(body),
                    };
                    using var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    checkedFields.Add($"{method} {path} {field}");
                    if (response.StatusCode != HttpStatusCode.BadRequest
                        || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                        || JsonNode.Parse(text)?["errors"]?[field] is null)
                    {
                        failures.Add($"{method.ToUpperInvariant()} {path} field '{field}': {(int)response.StatusCode} {Truncate(text)}");
                    }
                }
            }
        }

        Assert.Empty(failures);
        Assert.Contains(checkedFields, f => f.EndsWith("/api/complaints summary", StringComparison.Ordinal));
        Assert.Contains(checkedFields, f => f.EndsWith("/api/offers/outcomes scriptVersion", StringComparison.Ordinal));
        Assert.Contains(checkedFields, f => f.EndsWith("/api/discounts callId", StringComparison.Ordinal));
        Assert.Contains(checkedFields, f => f.EndsWith("/api/discounts offerId", StringComparison.Ordinal));
        Assert.Equal(rowsBefore, await CountRowsAsync());
    }

    [Theory]
    [InlineData("/api/offers/outcomes", "scriptVersion", "v1\nforged")]
    [InlineData("/api/discounts", "callId", "call id with spaces")]
    [InlineData("/api/discounts", "offerId", "<script>")]
    public async Task IdentifierField_InTheWrongFormat_Is400NamingTheField(string path, string field, string value)
    {
        var client = await AdminClientAsync();
        var body = new JsonObject
        {
            ["customerId"] = 1,
            ["offerId"] = "ACQ-1",
            ["scriptVersion"] = "2026.11.1",
            ["outcome"] = "Accepted",
            ["percent"] = 5,
            ["months"] = 1,
            ["reason"] = "retention",
            ["callId"] = "abc@host",
        };
        body[field] = value;

        var response = await client.PostAsJsonAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())?["errors"]?[field]);
    }

    [Fact]
    public async Task RecordOutcome_ScriptVersionNotInTheCatalogue_Is400AndNotStored()
    {
        var client = await AdminClientAsync();
        var customerId = (await client.GetFromJsonAsync<JsonElement>($"/api/customers/by-phone/{Uri.EscapeDataString("+8613800000004")}"))
            .GetProperty("customerId").GetInt64();
        var offers = await client.GetFromJsonAsync<JsonElement>($"/api/offers/next-best/{customerId}");
        var offerId = offers.GetProperty("offers")[0].GetProperty("offerId").GetString();
        var rowsBefore = await CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/offers/outcomes",
            new { customerId, offerId, scriptVersion = "1999.1.1", outcome = "Accepted" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("scriptVersion", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await CountRowsAsync());
    }

    /// <summary>An admin (every role) with a bearer token and the anti-forgery pair, so no other check answers first.</summary>
    private async Task<HttpClient> AdminClientAsync()
    {
        using var signedIn = await fixture.ClientForAsync("admin");
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter;
        var client = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var antiforgery = await client.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery");
        client.DefaultRequestHeaders.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<long> CountRowsAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var total = 0L;
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct()
                     .Where(t => !t.StartsWith("AspNet", StringComparison.Ordinal)))
        {
            // The table names come from the EF model, not from input.
#pragma warning disable EF1003
            total += await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"").SingleAsync();
#pragma warning restore EF1003
        }

        return total;
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        for (var i = 0; i < 10 && schema["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            schema = reference.TrimStart('#', '/').Split('/').Aggregate(document, (node, part) => node[part]!);
        }

        return schema;
    }

    private static IEnumerable<string> StringFields(JsonNode document, JsonNode schema) =>
        schema["properties"]?.AsObject()
            .Where(p => Types(Resolve(document, p.Value!)).Contains("string") && Resolve(document, p.Value!)["format"] is null
                && Resolve(document, p.Value!)["enum"] is null)
            .Select(p => p.Key) ?? [];

    private static HashSet<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => schema["oneOf"] is JsonArray alternatives ? [.. alternatives.SelectMany(a => Types(a!))] : [],
    };

    /// <summary>A body every other field of which deserialises: "x" strings, 1 for numbers, valid dates and ids.</summary>
    private static JsonObject Sample(JsonNode document, JsonNode schema, string oversizedField)
    {
        var body = new JsonObject();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            var resolved = Resolve(document, property!);
            var types = Types(resolved);
            body[name] = name == oversizedField ? new string('x', Oversized)
                : resolved["enum"] is JsonArray values ? values.FirstOrDefault(v => v is not null)?.DeepClone()
                : resolved["format"]?.GetValue<string>() switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date" => "2026-12-31",
                    "date-time" => "2026-12-31T00:00:00Z",
                    _ when types.Contains("integer") || types.Contains("number") => 1,
                    _ when types.Contains("boolean") => false,
                    _ when types.Contains("array") => new JsonArray(),
                    _ when types.Contains("string") => "x",
                    _ => null,
                };
        }

        return body;
    }

    /// <summary>The path with each route parameter filled in by its schema: a new GUID for uuid, else 1.</summary>
    private static string Fill(string path, JsonNode operation)
    {
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if (parameter?["in"]?.GetValue<string>() == "path")
            {
                var value = parameter["schema"]?["format"]?.GetValue<string>() == "uuid" ? Guid.NewGuid().ToString() : "1";
                path = path.Replace("{" + parameter["name"]!.GetValue<string>() + "}", value, StringComparison.Ordinal);
            }
        }

        return path;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
