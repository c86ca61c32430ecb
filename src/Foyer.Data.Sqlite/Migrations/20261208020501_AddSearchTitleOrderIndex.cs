using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchTitleOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // PostgreSQL only (a RUM index that hands out title matches newest first); SQLite's FTS5 title index
            // already reads a term's documents newest first.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
