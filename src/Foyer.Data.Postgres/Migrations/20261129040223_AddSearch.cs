using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Foyer.Data.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    SourceId = table.Column<long>(type: "bigint", nullable: false),
                    SpaceId = table.Column<long>(type: "bigint", nullable: true),
                    Reach = table.Column<int>(type: "integer", nullable: false),
                    IsGuest = table.Column<bool>(type: "boolean", nullable: false),
                    AuthorId = table.Column<long>(type: "bigint", nullable: true),
                    ThreadId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    VisibleFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    TitleTerms = table.Column<string>(type: "text", nullable: false),
                    BodyTerms = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchTerms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Term = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Folded = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Word = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
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

            // Full-text indexes the EF model does not describe (docs/adr/0007): a weighted tsvector of the analysed terms
            // (the 'simple' configuration: Foyer's analyser folded and stemmed them already), and pg_trgm over the vocabulary.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                ALTER TABLE "SearchDocuments" ADD COLUMN "Search" tsvector GENERATED ALWAYS AS
                    (setweight(to_tsvector('simple', "TitleTerms"), 'A') || setweight(to_tsvector('simple', "BodyTerms"), 'B')) STORED;
                CREATE INDEX "IX_SearchDocuments_Search" ON "SearchDocuments" USING GIN ("Search");
                ALTER TABLE "SearchDocuments" ADD COLUMN "TitleSearch" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "TitleTerms")) STORED;
                CREATE INDEX "IX_SearchDocuments_TitleSearch" ON "SearchDocuments" USING GIN ("TitleSearch");
                CREATE INDEX "IX_SearchTerms_Folded_Trigram" ON "SearchTerms" USING GIN ("Folded" gin_trgm_ops);
                INSERT INTO "Outbox" ("Topic", "Payload", "CreatedAt", "AvailableAt", "Attempts", "Failed")
                VALUES ('search.rebuild', 'all', '2000-01-01 00:00:00+00', '2000-01-01 00:00:00+00', 0, FALSE);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_SearchTerms_Folded_Trigram"; """);
            migrationBuilder.DropTable(
                name: "SearchDocuments");

            migrationBuilder.DropTable(
                name: "SearchTerms");
        }
    }
}
