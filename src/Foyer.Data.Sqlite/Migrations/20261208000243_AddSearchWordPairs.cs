using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchWordPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // PostgreSQL gets an index of neighbouring word pairs for phrases here; FTS5 keeps positions in its index.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
