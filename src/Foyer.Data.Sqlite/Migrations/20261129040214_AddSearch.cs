using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    SpaceId = table.Column<long>(type: "INTEGER", nullable: true),
                    Reach = table.Column<int>(type: "INTEGER", nullable: false),
                    IsGuest = table.Column<bool>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: true),
                    ThreadId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    VisibleFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    TitleTerms = table.Column<string>(type: "TEXT", nullable: false),
                    BodyTerms = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchTerms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Term = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Folded = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Word = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchTerms", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_Kind_SourceId",
                table: "SearchDocuments",
                columns: new[] { "Kind", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_SpaceId",
                table: "SearchDocuments",
                column: "SpaceId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_ThreadId",
                table: "SearchDocuments",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchTerms_Term",
                table: "SearchTerms",
                column: "Term",
                unique: true);

            // Full-text indexes the EF model does not describe (docs/adr/0007): FTS5 over the analysed terms of the
            // documents (external content: the terms live in SearchDocuments), and a trigram FTS5 over the vocabulary's
            // folded words (compounds, spelling). The search indexer keeps both in step in the same transaction; not
            // triggers: FTS5 writes a new segment for every row a trigger inserts (6 ms a row instead of 0.2 ms).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchFts" USING fts5("TitleTerms", "BodyTerms", content='SearchDocuments', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 0', prefix='2 3');
                CREATE VIRTUAL TABLE "SearchTermsTrigram" USING fts5("Folded", "Term" UNINDEXED, "Word" UNINDEXED, tokenize='trigram');
                """);
            // Existing content becomes findable through the outbox once the app runs (due at once, whatever the clock says).
            migrationBuilder.Sql("""
                INSERT INTO "Outbox" ("Topic", "Payload", "CreatedAt", "AvailableAt", "Attempts", "Failed")
                VALUES ('search.rebuild', 'all', '2000-01-01 00:00:00', '2000-01-01 00:00:00', 0, 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS "SearchFts"; DROP TABLE IF EXISTS "SearchTermsTrigram";
                """);
            migrationBuilder.DropTable(
                name: "SearchDocuments");

            migrationBuilder.DropTable(
                name: "SearchTerms");
        }
    }
}
