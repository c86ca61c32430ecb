using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WikiLinkCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WikiLinks_TargetSpaceId_TargetTitle",
                table: "WikiLinks");

            migrationBuilder.CreateIndex(
                name: "IX_WikiLinks_TargetSpaceId_TargetTitle_SourceKind_SourceId",
                table: "WikiLinks",
                columns: new[] { "TargetSpaceId", "TargetTitle", "SourceKind", "SourceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WikiLinks_TargetSpaceId_TargetTitle_SourceKind_SourceId",
                table: "WikiLinks");

            migrationBuilder.CreateIndex(
                name: "IX_WikiLinks_TargetSpaceId_TargetTitle",
                table: "WikiLinks",
                columns: new[] { "TargetSpaceId", "TargetTitle" });
        }
    }
}
