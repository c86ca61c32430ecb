using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foyer.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchTitleIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // PostgreSQL has had its own title index (the TitleSearch tsvector) since AddSearch; SQLite gets one here.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
