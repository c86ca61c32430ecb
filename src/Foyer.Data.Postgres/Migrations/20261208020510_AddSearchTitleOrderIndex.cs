using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchTitleOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The search ranks the newest title matches a viewer may see. From the GIN index they come in no order: every
            // title match is read from the table (one page each: 1,936 pages for a common word in a million documents)
            // to keep the newest 200. A RUM index (the rum extension: postgresql-NN-rum) hands them out newest first
            // (the id attached to each entry), so the scan stops after 200 visible ones. Optional: without the extension
            // (not installed, or a user that may not create it) the search keeps using the GIN index. Only documents
            // with a title are in it. See docs/adr/0007.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum')
                       AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
                        BEGIN
                            CREATE EXTENSION rum;
                        EXCEPTION WHEN OTHERS THEN
                            RAISE NOTICE 'The rum extension could not be created (%); the search uses its GIN indexes.', SQLERRM;
                        END;
                    END IF;
                    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') THEN
                        CREATE INDEX IF NOT EXISTS "IX_SearchDocuments_TitleOrder" ON "SearchDocuments"
                            USING rum ("TitleSearch" rum_tsvector_addon_ops, "Id") WITH (attach = 'Id', to = 'TitleSearch')
                            WHERE "TitleTerms" <> '';
                    END IF;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_SearchDocuments_TitleOrder";""");
        }
    }
}
