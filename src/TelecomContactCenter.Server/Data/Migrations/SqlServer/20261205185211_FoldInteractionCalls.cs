using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TelecomContactCenter.Server.Data.Migrations.SqlServer
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
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerRaw",
                table: "interactions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DecisionMicroseconds",
                table: "interactions",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentitySource",
                table: "interactions",
                type: "nvarchar(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LifecycleStage",
                table: "interactions",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mode",
                table: "interactions",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "interactions",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "interactions",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StatusCode",
                table: "interactions",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetAgent",
                table: "interactions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetQueue",
                table: "interactions",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            // Each call's SIP facts move from its satellite row onto its interaction row. In EXEC, as EF does for its own
            // statements: in the idempotent script the columns added above do not exist yet when the batch compiles.
            migrationBuilder.Sql(@"EXEC(N'UPDATE i SET [AccessNumber] = c.[AccessNumber], [Mode] = c.[Mode], [CallerRaw] = c.[CallerRaw], [IdentitySource] = c.[IdentitySource], [StatusCode] = c.[StatusCode], [TargetQueue] = c.[TargetQueue], [TargetAgent] = c.[TargetAgent], [LifecycleStage] = c.[LifecycleStage], [Priority] = c.[Priority], [Reason] = c.[Reason], [DecisionMicroseconds] = c.[DecisionMicroseconds], [CallId] = COALESCE(i.[CallId], c.[CallId]), ""CallerE164"" = COALESCE(i.""CallerE164"", c.""CallerE164""), [IdentityConfidence] = COALESCE(i.[IdentityConfidence], c.[IdentityConfidence]), [Tier] = COALESCE(i.[Tier], c.[Tier]) FROM [interactions] AS i INNER JOIN [interaction_calls] AS c ON c.[InteractionId] = i.[Id];')");

            // The IVR path has one shape, the IVR's path object: a stored list of states becomes one, each state a step.
            migrationBuilder.Sql(@"EXEC(N'UPDATE i SET [IvrPath] = (
    SELECT COALESCE(i.[CallId], N'''') AS [callId], COALESCE(i.[AccessNumber], N'''') AS [accessNumber], N'''' AS [flow], N'''' AS [flowVersion],
        i.[Caller] AS [caller], N'''' AS [summary], COALESCE(i.[IvrDigits], N'''') AS [digits],
        JSON_QUERY(COALESCE((SELECT N''State'' AS [kind], s.[value] AS [state], N'''' AS [text] FROM OPENJSON(i.[IvrPath]) AS s
            ORDER BY CAST(s.[key] AS int) FOR JSON PATH), N''[]'')) AS [steps],
        i.[Queue] AS [queue], NULL AS [priorityBonus], NULL AS [queueReason], NULL AS [callbackQueue], NULL AS [end]
    FOR JSON PATH, WITHOUT_ARRAY_WRAPPER, INCLUDE_NULL_VALUES)
FROM [interactions] AS i WHERE ISJSON(i.[IvrPath]) = 1 AND LEFT(LTRIM(i.[IvrPath]), 1) = N''['';')");

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
                    AccessNumber = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CallId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    CallerE164 = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    CallerRaw = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    DecisionMicroseconds = table.Column<int>(type: "int", nullable: true),
                    IdentityConfidence = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    IdentitySource = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    LifecycleStage = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    Mode = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Priority = table.Column<int>(type: "int", nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    StatusCode = table.Column<int>(type: "int", nullable: false),
                    TargetAgent = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    TargetQueue = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    Tier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true)
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
