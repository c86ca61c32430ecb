using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CompressSearchTextWithLz4 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A search ranks up to 200 documents by their whole tsvector and cuts the page's texts from their start: a
            // long page's values are compressed, and lz4 decompresses several times faster than PostgreSQL's default
            // pglz. New values only (a rebuild of the index writes them all again); a server built without lz4 keeps pglz.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    ALTER TABLE "SearchDocuments" ALTER COLUMN "Search" SET COMPRESSION lz4,
                        ALTER COLUMN "Body" SET COMPRESSION lz4, ALTER COLUMN "BodyTerms" SET COMPRESSION lz4;
                EXCEPTION WHEN OTHERS THEN
                    RAISE NOTICE 'The search texts stay compressed with pglz (%).', SQLERRM;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "SearchDocuments" ALTER COLUMN "Search" SET COMPRESSION DEFAULT,
                    ALTER COLUMN "Body" SET COMPRESSION DEFAULT, ALTER COLUMN "BodyTerms" SET COMPRESSION DEFAULT;
                """);
        }
    }
}
