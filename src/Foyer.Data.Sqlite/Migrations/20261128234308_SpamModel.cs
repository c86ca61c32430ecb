using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SpamModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SpamModelCounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    SpamDocuments = table.Column<int>(type: "INTEGER", nullable: false),
                    HamDocuments = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpamModelCounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SpamTokens",
                columns: table => new
                {
                    Token = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SpamCount = table.Column<int>(type: "INTEGER", nullable: false),
                    HamCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpamTokens", x => x.Token);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SpamModelCounts");

            migrationBuilder.DropTable(
                name: "SpamTokens");
        }
    }
}
