using System.Data.Common;
using System.Globalization;
using Foyer.Data.Sqlite;
using Microsoft.Data.Sqlite;

namespace Foyer.Tests.Infrastructure.Database;

/// <summary>
/// The prepared read path the stream and the wiki page view use on a SQLite file: statements kept per connection and
/// read straight from SQLite. It must read what Microsoft.Data.Sqlite reads, bind fresh values on every call and never
/// leave a read open.
/// </summary>
public sealed class SqlitePreparedReadsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "foyer-prepared-" + Guid.NewGuid().ToString("N"));
    private readonly string _connectionString;
    private readonly SqlitePreparedReads _reads = new();

    public SqlitePreparedReadsTests()
    {
        Directory.CreateDirectory(_dir);
        _connectionString = $"Data Source={Path.Combine(_dir, "t.db")}";
        Execute("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE "Items" ("Id" INTEGER PRIMARY KEY, "Name" TEXT NOT NULL, "Note" TEXT NULL, "At" TEXT NOT NULL, "Score" REAL NOT NULL);
            INSERT INTO "Items" VALUES (1, 'Probe', NULL, '2025-08-15 15:59:07', 1.5);
            INSERT INTO "Items" VALUES (2, 'Bühne 🎭 „Zweiter Akt“', 'Notiz', '2025-08-15 15:59:07.1234567', 2.25);
            INSERT INTO "Items" VALUES (3, 'Kantine', '', '2024-02-29 00:00:00.5', -3);
            """);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static KeyValuePair<string, object> P(string name, object value) => new(name, value);

    private sealed record Item(long Id, string Name, string? Note, DateTime At, double Score);

    private static Item ReadItem(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetDateTime(3), r.GetDouble(4));

    [Fact]
    public async Task Reads_the_same_values_as_Microsoft_Data_Sqlite_including_nulls_unicode_and_dates()
    {
        const string sql = """SELECT "Id", "Name", "Note", "At", "Score" FROM "Items" ORDER BY "Id" """;
        var fast = await _reads.ReadAsync(_connectionString, sql, [], ReadItem);

        var expected = new List<Item>();
        using (var connection = new SqliteConnection(_connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read()) expected.Add(ReadItem(reader));
        }

        Assert.Equal(expected, fast);
        Assert.Equal("Bühne 🎭 „Zweiter Akt“", fast[1].Name);
        Assert.Null(fast[0].Note);
        Assert.Equal("", fast[2].Note);
        Assert.Equal(new DateTime(2025, 8, 15, 15, 59, 7).AddTicks(1234567), fast[1].At);
        Assert.Equal(new DateTime(2024, 2, 29, 0, 0, 0, 500), fast[2].At);
    }

    [Theory]
    [InlineData("2025-08-15 15:59:07")]
    [InlineData("2025-08-15 15:59:07.1")]
    [InlineData("2025-08-15 15:59:07.1234567")]
    [InlineData("2025-08-15T15:59:07.25")]
    [InlineData("2025-08-15")]
    [InlineData("2025-08-15 15:59")]
    [InlineData("2025-08-15T15:59:07Z")]
    public async Task Dates_in_any_stored_text_form_read_as_DateTime_Parse_reads_them(string stored)
    {
        var read = await _reads.ReadAsync(_connectionString, "SELECT @v", [P("@v", stored)], r => r.GetDateTime(0));
        Assert.Equal(DateTime.Parse(stored, CultureInfo.InvariantCulture), Assert.Single(read));
    }

    [Fact]
    public async Task Every_call_binds_its_own_values_even_for_a_LIMIT_that_shapes_the_plan()
    {
        const string sql = """SELECT "Id" FROM "Items" WHERE "Id" > @after ORDER BY "Id" LIMIT @take""";
        Assert.Equal([2L], await _reads.ReadAsync(_connectionString, sql, [P("@after", 1L), P("@take", 1)], r => r.GetInt64(0)));
        Assert.Equal([1L, 2L, 3L], await _reads.ReadAsync(_connectionString, sql, [P("@after", 0L), P("@take", 10)], r => r.GetInt64(0)));
        Assert.Empty(await _reads.ReadAsync(_connectionString, sql, [P("@after", 3L), P("@take", 10)], r => r.GetInt64(0)));
        // Names without their prefix bind too, as with Microsoft.Data.Sqlite.
        Assert.Equal([3L], await _reads.ReadAsync(_connectionString, sql, [P("after", 2L), P("take", 5)], r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Several_statements_are_read_in_order_each_with_the_parameters_it_uses()
    {
        const string sql = """
            SELECT 'name', "Name" FROM "Items" WHERE "Id" = @id;
            SELECT 'count', CAST(COUNT(*) AS TEXT) FROM "Items" WHERE "Score" > @min;
            SELECT 'none', "Name" FROM "Items" WHERE "Id" = -1;
            SELECT 'last', "Name" FROM "Items" WHERE "Id" = @id + 1;
            """;
        var rows = await _reads.ReadAsync(_connectionString, sql, [P("@id", 1L), P("@min", 0.0)], r => $"{r.GetString(0)}={r.GetString(1)}");
        Assert.Equal(["name=Probe", "count=2", "last=Bühne 🎭 „Zweiter Akt“"], rows);
    }

    [Fact]
    public async Task A_missing_parameter_or_bad_SQL_is_a_clear_error_and_the_next_read_still_works()
    {
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _reads.ReadAsync(_connectionString, """SELECT "Id" FROM "Items" WHERE "Id" = @id""", [], r => r.GetInt64(0)));
        Assert.Contains("@id", missing.Message, StringComparison.Ordinal);

        var syntax = await Assert.ThrowsAsync<SqliteException>(() =>
            _reads.ReadAsync(_connectionString, """SELECT FROM WHERE""", [], r => r.GetInt64(0)));
        Assert.Contains("syntax error", syntax.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<SqliteException>(() =>
            _reads.ReadAsync(_connectionString, """SELECT "Nope" FROM "Items" """, [], r => r.GetInt64(0)));
        Assert.Contains("no such column", unknown.Message, StringComparison.Ordinal);

        Assert.Equal([1L], await _reads.ReadAsync(_connectionString, """SELECT "Id" FROM "Items" WHERE "Id" = @id""", [P("@id", 1L)], r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Reading_a_null_as_a_value_type_or_a_missing_column_fails_loudly()
    {
        const string sql = """SELECT "Note" FROM "Items" WHERE "Id" = 1""";
        await Assert.ThrowsAsync<InvalidCastException>(() => _reads.ReadAsync(_connectionString, sql, [], r => r.GetString(0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _reads.ReadAsync(_connectionString, sql, [], r => r.GetInt64(1)));
        var values = await _reads.ReadAsync(_connectionString, sql, [], r => (r.GetName(0), r.GetValue(0), r.FieldCount));
        Assert.Equal(("Note", (object)DBNull.Value, 1), Assert.Single(values));
    }

    [Fact]
    public async Task A_finished_read_holds_no_snapshot_so_later_reads_see_later_writes()
    {
        const string sql = """SELECT COUNT(*) FROM "Items" """;
        Assert.Equal([3L], await _reads.ReadAsync(_connectionString, sql, [], r => r.GetInt64(0)));
        // A caller that fails in the middle of a result leaves rows unread; that read must end as well.
        await Assert.ThrowsAsync<FormatException>(() => _reads.ReadAsync<long>(_connectionString, """SELECT "Id" FROM "Items" ORDER BY "Id" """, [],
            _ => throw new FormatException("the caller fails on the first row")));
        Execute("""INSERT INTO "Items" VALUES (4, 'Fundus', NULL, '2026-01-01 08:00:00', 0)""");
        Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        Assert.Equal([4L], await _reads.ReadAsync(_connectionString, sql, [], r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Parameters_of_every_stored_type_compare_with_what_EF_stored()
    {
        var at = new DateTime(2025, 8, 15, 15, 59, 7).AddTicks(1234567);
        var rows = await _reads.ReadAsync(_connectionString,
            """SELECT "Id" FROM "Items" WHERE "At" = @at AND "Score" = @score AND "Name" = @name AND @flag AND @nothing IS NULL""",
            [P("@at", at), P("@score", 2.25), P("@name", "Bühne 🎭 „Zweiter Akt“"), P("@flag", true), P("@nothing", DBNull.Value)],
            r => r.GetInt64(0));
        Assert.Equal([2L], rows);
        var longName = new string('x', 5000);
        Assert.Equal([5000L], await _reads.ReadAsync(_connectionString, "SELECT length(@s)", [P("@s", longName)], r => r.GetInt64(0)));
    }

    [Fact]
    public async Task Many_different_SQL_texts_and_one_off_reads_leave_the_kept_statements_working()
    {
        const string kept = """SELECT "Name" FROM "Items" WHERE "Id" = @id""";
        Assert.Equal(["Probe"], await _reads.ReadAsync(_connectionString, kept, [P("@id", 1L)], r => r.GetString(0)));
        // More texts than a connection keeps: the least recently used go, each read still answers right.
        for (var i = 0; i < SqlitePreparedReads.MaxKept + 10; i++)
        {
            Assert.Equal([i + 1L], await _reads.ReadAsync(_connectionString, $"SELECT {i} + @one", [P("@one", 1L)], r => r.GetInt64(0)));
            if (i % 8 == 0) Assert.Equal(["Probe"], await _reads.ReadAsync(_connectionString, kept, [P("@id", 1L)], r => r.GetString(0)));
        }
        // Ids written into the SQL: read once, not kept.
        Assert.Equal(["Probe", "Kantine"], await _reads.ReadAsync(_connectionString, """SELECT "Name" FROM "Items" WHERE "Id" IN (1, 3) ORDER BY "Id" """, [],
            r => r.GetString(0), keep: false));
        Assert.Equal(["Kantine"], await _reads.ReadAsync(_connectionString, kept, [P("@id", 3L)], r => r.GetString(0)));
    }

    public void Dispose()
    {
        _reads.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by a pooled connection of another test: the temp folder is cleaned by the OS.
        }
    }
}
