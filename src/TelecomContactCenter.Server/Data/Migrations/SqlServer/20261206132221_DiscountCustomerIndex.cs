using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TelecomContactCenter.Server.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DiscountCustomerIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_discount_requests_CustomerId",
                table: "discount_requests",
                column: "CustomerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_discount_requests_CustomerId",
                table: "discount_requests");
        }
    }
}
