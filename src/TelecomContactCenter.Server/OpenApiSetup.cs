using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Wallboard;

namespace TelecomContactCenter.Server;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) an integrator can build a client from: the bearer scheme on every operation
/// that needs a signed-in user, ProblemDetails for every error an operation can answer, a description on every
/// operation (from the endpoint, or from <see cref="Descriptions"/>), closed code lists as enums, nullable request
/// fields optional, and the paging parameters described.
/// </summary>
internal static partial class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

    /// <summary>Descriptions of the operations whose endpoints do not carry their own, by "METHOD path".</summary>
    private static readonly Dictionary<string, (string Summary, string Description)> Descriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST api/auth/login"] = ("Sign in for a bearer token",
            "Exchanges a user name and password for a JWT access token to send as 'Authorization: Bearer'. Repeated failures lock the account for a while (401 'Locked out')."),
        ["GET api/auth/me"] = ("Who is signed in", "The signed-in user's name and roles."),
        ["POST api/auth/cookie"] = ("Sign in the browser",
            "Signs the web UI in with a cookie; needs the anti-forgery token from GET /api/auth/antiforgery in X-CSRF-TOKEN."),
        ["POST api/auth/signout"] = ("Sign out the browser", "Ends the cookie session of the web UI."),
        ["GET api/auth/antiforgery"] = ("Anti-forgery token", "The token cookie-signed-in writes carry in the X-CSRF-TOKEN header."),
        ["GET api/auth/sign-in-info"] = ("Sign-in page hints", "What the sign-in page shows, such as whether demo users exist."),
        ["GET api/desk/settings"] = ("Desk settings", "The agent desktop's settings and the server's clock, so countdowns agree with the server."),
        ["GET api/customers/by-phone/{phone}"] = ("Customer 360 by phone number",
            "The customer with this number (any common Chinese format, normalised to E.164): tier, lifecycle stage, churn band, CLV, products, bills, open complaints and next best offers. 404 if nobody has the number."),
        ["POST api/customers/{id}/tier-override"] = ("Override a customer's tier",
            "A supervisor sets (or clears) a customer's value tier for a while, with a reason; audited."),
        ["POST api/complaints"] = ("Open a complaint",
            "Opens a complaint for a customer given by id or phone number, owned by the caller; the SLA clock starts now. 404 for an unknown customer."),
        ["GET api/complaints"] = ("List complaints",
            "Complaints newest first, filtered by state, tier, SLA band and owner. limit is 1 to 500 (default 100); a larger limit is a 400, never silently cut. For every open complaint in due order use GET /api/wallboard/at-risk."),
        ["GET api/complaints/{id}"] = ("One complaint", "The complaint with its SLA status and the triggers permitted now."),
        ["GET api/complaints/{id}/audit"] = ("A complaint's audit trail", "Every transition in order: when, who, trigger, from and to state, reason."),
        ["POST api/complaints/{id}/triggers"] = ("Move a complaint through its workflow",
            "Fires a workflow trigger. 409 when the trigger is not permitted in the current state (permittedTriggers lists those that are) or when version is stale; 400 when the trigger needs a reason and none is given."),
        ["POST api/complaints/{id}/resolution"] = ("Record the resolution",
            "Records the resolution code and root cause (a category code) that closing needs."),
        ["POST api/complaints/{id}/reassign"] = ("Reassign a complaint", "A supervisor gives the complaint to another owner, with a reason; audited."),
        ["POST api/discounts"] = ("Ask for a discount",
            "Grants a discount within the caller's own authority at once, or files it for a supervisor's approval above it."),
        ["GET api/discounts"] = ("List discounts", "Supervisors see every request; an agent sees their own. Filter by status."),
        ["POST api/discounts/{id}/approve"] = ("Approve a discount", "A supervisor approves a pending request; 409 if someone decided first."),
        ["POST api/discounts/{id}/reject"] = ("Reject a discount", "A supervisor rejects a pending request with a note for the agent; 409 if someone decided first."),
        ["GET api/offers/next-best/{customerId}"] = ("Next best offers", "The offers for this customer now, best first, with their scripts."),
        ["POST api/offers/outcomes"] = ("Record an offer outcome", "Records what the customer said to an offer, for take-up reporting."),
        ["GET api/routing/decision"] = ("Explain a routing decision", "Where a call from this number would be routed now, and why."),
        ["GET api/interactions"] = ("List interactions", "Calls and other contacts with IVR path, queue, times, disposition, offers and routing steps."),
        ["GET api/callbacks"] = ("List callbacks", "Callback requests, earliest due first; agents see pending ones, supervisors may filter by status."),
        ["POST api/callbacks/{id}/done"] = ("Mark a callback done", "Marks a pending callback done; 409 if it already is."),
        ["GET api/export/complaints.csv"] = ("Export complaints (CSV)",
            "Complaints created in [from, to) as UTF-8 CSV with a byte-order mark, one row per complaint with SLA due and breach, resolution and root cause (columns in docs/server.md)."),
        ["GET api/export/interactions.csv"] = ("Export interactions (CSV)",
            "Interactions started in [from, to) as UTF-8 CSV with a byte-order mark: IVR path, wait, ring, talk and wrap seconds, offers and outcomes (columns in docs/server.md)."),
        ["GET api/audit"] = ("Audit log", "Supervisor and admin actions, newest first."),
        ["GET healthz"] = ("Health", "200 while the service runs."),
    };

    /// <summary>Closed code lists: a string property of this name on any schema takes these values.</summary>
    private static readonly Dictionary<string, string[]> PropertyEnums = new(StringComparer.Ordinal)
    {
        ["trigger"] = Enum.GetNames<ComplaintTrigger>(),
        ["category"] = [.. ComplaintCategories.AllCodes],
        ["rootCause"] = [.. ComplaintCategories.AllCodes],
        ["severity"] = Enum.GetNames<ComplaintSeverity>(),
        ["slaKind"] = Enum.GetNames<SlaKind>(),
        ["band"] = Enum.GetNames<SlaBand>(),
        ["outcome"] = Enum.GetNames<OfferOutcomeKind>(),
    };

    /// <summary>Code lists that depend on the schema: property "state" of a complaint is a complaint state, and so on.</summary>
    private static readonly Dictionary<(Type Type, string Property), string[]> TypeEnums = new()
    {
        [(typeof(ComplaintView), "state")] = Enum.GetNames<ComplaintState>(),
        [(typeof(AtRiskComplaintView), "state")] = Enum.GetNames<ComplaintState>(),
        [(typeof(AuditEntryView), "from")] = Enum.GetNames<ComplaintState>(),
        [(typeof(AuditEntryView), "to")] = Enum.GetNames<ComplaintState>(),
        [(typeof(ComplaintView), "tier")] = Enum.GetNames<ValueTier>(),
        [(typeof(AtRiskComplaintView), "tier")] = Enum.GetNames<ValueTier>(),
        [(typeof(DiscountView), "status")] = Enum.GetNames<DiscountStatus>(),
        [(typeof(CallbackView), "status")] = Enum.GetNames<CallbackStatus>(),
    };

    /// <summary>Query parameters with closed values or paging meaning.</summary>
    private static readonly Dictionary<string, (string Description, string[]? Values)> Parameters = new(StringComparer.Ordinal)
    {
        ["state"] = ("Only complaints in this state.", Enum.GetNames<ComplaintState>()),
        ["tier"] = ("Only complaints of customers in this tier when they complained.", Enum.GetNames<ValueTier>()),
        ["slaBand"] = ("Only complaints in this SLA band now.", Enum.GetNames<SlaBand>()),
        ["page"] = ("Page number, from 1.", null),
        ["pageSize"] = ($"Rows per page, 1 to {WallboardEndpoints.MaxPageSize}; default 25.", null),
        ["limit"] = ($"Most rows to return, 1 to {ComplaintList.MaxLimit}; a larger value is refused with 400, never cut silently.", null),
        ["from"] = ("Start of the range, inclusive (ISO 8601).", null),
        ["to"] = ("End of the range, exclusive (ISO 8601).", null),
        ["utcOffsetMinutes"] = ("Whose day 'today' and 'tomorrow' are: minutes east of UTC (480 for Beijing).", null),
    };

    public static IServiceCollection AddContactCenterOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "TelecomContactCenter API";
                document.Info.Description = "REST API of the contact-centre server. Sign in with POST /api/auth/login and send the token as " +
                    "'Authorization: Bearer <token>'. Every error is an RFC 9457 problem (application/problem+json).";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The access token from POST /api/auth/login.",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas["ProblemDetails"] = ProblemSchema();
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                Describe(operation, context);
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                var authorized = !anonymous && metadata.OfType<IAuthorizeData>().Any();
                operation.Responses ??= [];
                AddProblem(operation, context, "400", "The request is malformed or breaks a rule; detail says which.");
                if (authorized)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                    AddProblem(operation, context, "401", "No valid bearer token (or sign-in cookie).");
                    AddProblem(operation, context, "403", "Signed in, but the role may not do this.");
                }

                if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
                {
                    AddProblem(operation, context, "404", "Nothing exists with that id.");
                }

                if (context.Description.HttpMethod is "POST" && context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
                {
                    AddProblem(operation, context, "409", "The resource changed meanwhile or is not in a state that allows this.");
                }

                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.Name is { } name && Parameters.TryGetValue(name, out var known))
                    {
                        parameter.Description ??= known.Description;
                        if (known.Values is { } values && parameter.Schema is OpenApiSchema schema)
                        {
                            schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                        }
                    }
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (schema.Properties is null)
                {
                    return Task.CompletedTask;
                }

                foreach (var (name, property) in schema.Properties)
                {
                    if (property is not OpenApiSchema concrete || concrete.Type is not { } type || !type.HasFlag(JsonSchemaType.String))
                    {
                        continue;
                    }

                    var values = TypeEnums.GetValueOrDefault((context.JsonTypeInfo.Type, name)) ?? PropertyEnums.GetValueOrDefault(name);
                    if (values is not null)
                    {
                        concrete.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                        if (type.HasFlag(JsonSchemaType.Null))
                        {
                            concrete.Enum.Add(null!);
                        }
                    }
                }

                // A nullable field of a request may be left out: it is not required.
                if (schema.Required is { Count: > 0 } required)
                {
                    foreach (var (name, property) in schema.Properties)
                    {
                        if (property is OpenApiSchema { Type: { } type } && type.HasFlag(JsonSchemaType.Null))
                        {
                            required.Remove(name);
                        }
                    }
                }

                return Task.CompletedTask;
            });
        });

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        // Route constraints ({id:guid}) are not part of the key.
        var path = RouteConstraint().Replace(context.Description.RelativePath?.TrimEnd('/') ?? "", "{$1}");
        var key = $"{context.Description.HttpMethod} {path}";
        if (Descriptions.TryGetValue(key, out var text))
        {
            operation.Summary ??= text.Summary;
            operation.Description ??= text.Description;
        }
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        };
    }

    [GeneratedRegex(@"\{(\w+):[^}]*\}")]
    private static partial Regex RouteConstraint();

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details; some problems add fields such as permittedTriggers or existingComplaintId.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
        },
    };
}
