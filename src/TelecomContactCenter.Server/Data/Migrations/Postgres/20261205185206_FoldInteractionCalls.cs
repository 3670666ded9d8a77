using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TelecomContactCenter.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// One row per call: the SIP facts of <c>interaction_calls</c> become columns of <c>interactions</c> (copied,
    /// then the satellite is dropped), and IVR paths stored as a list of states take the IVR path object's shape.
    /// </summary>
    public partial class FoldInteractionCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccessNumber",
                table: "interactions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerRaw",
                table: "interactions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DecisionMicroseconds",
                table: "interactions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentitySource",
                table: "interactions",
                type: "character varying(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LifecycleStage",
                table: "interactions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mode",
                table: "interactions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "interactions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "interactions",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StatusCode",
                table: "interactions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetAgent",
                table: "interactions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetQueue",
                table: "interactions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            // Each call's SIP facts move from its satellite row onto its interaction row.
            migrationBuilder.Sql(@"UPDATE ""interactions"" SET ""AccessNumber"" = c.""AccessNumber"", ""Mode"" = c.""Mode"", ""CallerRaw"" = c.""CallerRaw"", ""IdentitySource"" = c.""IdentitySource"", ""StatusCode"" = c.""StatusCode"", ""TargetQueue"" = c.""TargetQueue"", ""TargetAgent"" = c.""TargetAgent"", ""LifecycleStage"" = c.""LifecycleStage"", ""Priority"" = c.""Priority"", ""Reason"" = c.""Reason"", ""DecisionMicroseconds"" = c.""DecisionMicroseconds"", ""CallId"" = COALESCE(""interactions"".""CallId"", c.""CallId""), ""CallerE164"" = COALESCE(""interactions"".""CallerE164"", c.""CallerE164""), ""IdentityConfidence"" = COALESCE(""interactions"".""IdentityConfidence"", c.""IdentityConfidence""), ""Tier"" = COALESCE(""interactions"".""Tier"", c.""Tier"") FROM ""interaction_calls"" AS c WHERE c.""InteractionId"" = ""interactions"".""Id"";");

            // The IVR path has one shape, the IVR's path object: a stored list of states becomes one, each state a step.
            migrationBuilder.Sql(@"UPDATE ""interactions"" SET ""IvrPath"" = json_build_object(
    'callId', COALESCE(""CallId"", ''), 'accessNumber', COALESCE(""AccessNumber"", ''), 'flow', '', 'flowVersion', '',
    'caller', ""Caller"", 'summary', '', 'digits', COALESCE(""IvrDigits"", ''),
    'steps', (SELECT COALESCE(json_agg(json_build_object('kind', 'State', 'state', s.value, 'text', '') ORDER BY s.n), '[]'::json)
        FROM json_array_elements_text(""interactions"".""IvrPath""::json) WITH ORDINALITY AS s(value, n)),
    'queue', ""Queue"", 'priorityBonus', NULL, 'queueReason', NULL, 'callbackQueue', NULL, 'end', NULL)::text
WHERE left(ltrim(""IvrPath""), 1) = '[';");

            migrationBuilder.DropTable(
                name: "interaction_calls");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AccessNumber",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "CallerRaw",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "DecisionMicroseconds",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "IdentitySource",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "LifecycleStage",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "Mode",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "StatusCode",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "TargetAgent",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "TargetQueue",
                table: "interactions");

            migrationBuilder.CreateTable(
                name: "interaction_calls",
                columns: table => new
                {
                    InteractionId = table.Column<long>(type: "bigint", nullable: false),
                    AccessNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CallId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CallerE164 = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CallerRaw = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecisionMicroseconds = table.Column<int>(type: "integer", nullable: true),
                    IdentityConfidence = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    IdentitySource = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    LifecycleStage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    TargetAgent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TargetQueue = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_interaction_calls", x => x.InteractionId);
                    table.ForeignKey(
                        name: "FK_interaction_calls_interactions_InteractionId",
                        column: x => x.InteractionId,
                        principalTable: "interactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_interaction_calls_CallId",
                table: "interaction_calls",
                column: "CallId");
        }
    }
}
