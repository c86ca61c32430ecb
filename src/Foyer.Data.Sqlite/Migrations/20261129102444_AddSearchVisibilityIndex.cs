using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchVisibilityIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Search checks who may see each full-text match and keeps its date: from this narrow index (forty-odd bytes
            // a document) instead of the documents' rows, which hold their whole text and take a page each (SQLite only;
            // the search names it with INDEXED BY, see SqliteSearchEngine). Half the cost of a common word's window.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_SearchDocuments_Visibility" ON "SearchDocuments"
                    ("Id", "Reach", "SpaceId", "VisibleFrom", "IsGuest", "SourceId", "UpdatedAt", "Kind", "AuthorId", "CreatedAt");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_SearchDocuments_Visibility\";");
        }
    }
}
