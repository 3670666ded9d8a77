using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TelecomContactCenter.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SipRegistrations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sip_registrations",
                columns: table => new
                {
                    AddressOfRecord = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ContactUri = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Contact = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Node = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Q = table.Column<double>(type: "double precision", nullable: false),
                    CallId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CSeq = table.Column<long>(type: "bigint", nullable: false),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Transport = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    UserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TargetTransport = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Target = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Route = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Path = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sip_registrations", x => new { x.AddressOfRecord, x.ContactUri });
                });

            migrationBuilder.CreateIndex(
                name: "IX_sip_registrations_Node_ExpiresAt",
                table: "sip_registrations",
                columns: new[] { "Node", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sip_registrations");
        }
    }
}
