using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TelecomContactCenter.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClusterMembership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Node",
                table: "interactions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agent_statuses",
                columns: table => new
                {
                    Agent = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BreakReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_statuses", x => x.Agent);
                });

            migrationBuilder.CreateTable(
                name: "cluster_nodes",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HeartbeatAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Addresses = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    LeaderSince = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_nodes", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_interactions_Node_EndedAt",
                table: "interactions",
                columns: new[] { "Node", "EndedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_statuses");

            migrationBuilder.DropTable(
                name: "cluster_nodes");

            migrationBuilder.DropIndex(
                name: "IX_interactions_Node_EndedAt",
                table: "interactions");

            migrationBuilder.DropColumn(
                name: "Node",
                table: "interactions");
        }
    }
}
