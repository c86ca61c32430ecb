using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchWordPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A phrase search on "Search" reads every document holding all its words and decompresses its tsvector to
            // compare positions (GIN keeps none). Every pair of neighbouring terms is one lexeme ("zweit+akt"; terms are
            // letters and digits, so "+" never occurs in one) of an expression index, with the id like "Search": a
            // phrase of two words is found in the index alone. An index of the expression, not a stored column: the
            // pairs are only ever looked up, never read (a stored tsvector of them took 800 MB for a million
            // documents). Computed by PostgreSQL from the terms the indexer wrote, so existing documents are indexed
            // here, without a rebuild (about as long as to_tsvector over the same terms). See docs/adr/0007.
            migrationBuilder.Sql("""
                CREATE FUNCTION foyer_word_pairs(terms text) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
                DECLARE
                    w text[] := string_to_array(terms, ' ');
                    pairs text[] := '{}';
                BEGIN
                    FOR i IN 1 .. cardinality(w) - 1 LOOP
                        IF w[i] <> '' AND w[i + 1] <> '' THEN
                            pairs := pairs || (w[i] || '+' || w[i + 1]);
                        END IF;
                    END LOOP;
                    RETURN array_to_tsvector(pairs);
                END
                $$;
                CREATE INDEX "IX_SearchDocuments_WordPairs" ON "SearchDocuments" USING GIN
                    ((foyer_word_pairs("TitleTerms") || foyer_word_pairs("BodyTerms")), "Id");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_SearchDocuments_WordPairs";
                DROP FUNCTION IF EXISTS foyer_word_pairs(text);
                """);
        }
    }
}
