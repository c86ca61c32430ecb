using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchTitleIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Title matches get their own full-text index: the column filter of the main index ({TitleTerms} : ...) had
            // to check every match of a common word for the few in a title. Only documents with a title are in it.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchTitleFts" USING fts5("TitleTerms", content='SearchDocuments', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 0', prefix='2 3');
                INSERT INTO "SearchTitleFts" (rowid, "TitleTerms") SELECT "Id", "TitleTerms" FROM "SearchDocuments" WHERE "TitleTerms" <> '';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"SearchTitleFts\";");
        }
    }
}
