using Foyer.Data.Sqlite;
using Microsoft.Data.Sqlite;

namespace Foyer.Tests.Infrastructure.Database;

/// <summary>
/// foyer_rank is FTS5's bm25 with the phrases' document counts given instead of counted: with the true counts it must
/// score every row as bm25 does (alternatives, phrases, column weights, long and short rows), and refuse a wrong blob.
/// </summary>
public sealed class SqliteSearchRankTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteSearchRankTests()
    {
        _connection.Open();
        SqliteSearchRank.Register(_connection);
        var random = new Random(7);
        string[] words = ["prob", "kanti", "buhn", "akt", "zweit", "oper", "projekt", "licht", "ton", "maske", "chor", "saal"];
        using var create = _connection.CreateCommand();
        create.CommandText = """CREATE VIRTUAL TABLE "Fts" USING fts5("TitleTerms", "BodyTerms")""";
        create.ExecuteNonQuery();
        for (var i = 0; i < 400; i++)
        {
            string Text(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ => words[(int)Math.Min(words.Length - 1, random.NextDouble() * random.NextDouble() * words.Length)]));
            using var insert = _connection.CreateCommand();
            insert.CommandText = """INSERT INTO "Fts" (rowid, "TitleTerms", "BodyTerms") VALUES ($id, $title, $body)""";
            insert.Parameters.AddWithValue("$id", i + 1);
            insert.Parameters.AddWithValue("$title", i % 3 == 0 ? Text(random.Next(1, 5)) : "");
            insert.Parameters.AddWithValue("$body", Text(random.Next(3, i % 10 == 0 ? 400 : 40)));
            insert.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private long Count(string phrase)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """SELECT count(*) FROM "Fts" WHERE "Fts" MATCH $m""";
        command.Parameters.AddWithValue("$m", phrase);
        return (long)command.ExecuteScalar()!;
    }

    private List<(long Id, double Bm25, double Rank)> Scores(string match, byte[] frequencies)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT rowid, bm25("Fts", 4.0, 1.0), foyer_rank("Fts", $f, 1000000, 4.0, 1.0) FROM "Fts" WHERE "Fts" MATCH $m ORDER BY rowid
            """;
        command.Parameters.AddWithValue("$m", match);
        command.Parameters.AddWithValue("$f", frequencies);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, double, double)>();
        while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2)));
        return rows;
    }

    private static byte[] Blob(IEnumerable<double> values)
    {
        var array = values.ToArray();
        var blob = new byte[array.Length * sizeof(double)];
        Buffer.BlockCopy(array, 0, blob, 0, blob.Length);
        return blob;
    }

    [Theory]
    [InlineData("\"kanti\"", new[] { "\"kanti\"" })]
    [InlineData("(\"prob\" OR \"oper\" OR \"chor\") AND \"buhn\"", new[] { "\"prob\"", "\"oper\"", "\"chor\"", "\"buhn\"" })]
    [InlineData("\"zweit akt\"", new[] { "\"zweit akt\"" })]
    [InlineData("\"prob\" AND \"licht\" NOT \"saal\"*", new[] { "\"prob\"", "\"licht\"", "\"saal\"*" })]
    public void With_the_true_counts_it_scores_every_row_as_bm25_does(string match, string[] phrases)
    {
        var scores = Scores(match, Blob(phrases.Select(p => (double)Count(p))));

        Assert.True(scores.Count >= 3, $"the test index should match several rows for {match}");
        Assert.All(scores, s => Assert.Equal(s.Bm25, s.Rank, 1e-9));
        Assert.Contains(scores, s => s.Rank != scores[0].Rank);
    }

    [Fact]
    public void A_rarer_phrase_weighs_more_as_its_count_says()
    {
        var common = Scores("\"prob\" OR \"saal\"", Blob([Count("\"prob\""), Count("\"saal\"")]));
        var told = Scores("\"prob\" OR \"saal\"", Blob([Count("\"prob\""), 1]));
        var onlySaal = common.Select((s, i) => (s, t: told[i])).Where(x => x.s.Bm25 != 0).ToList();
        // Telling it "saal" is in one document only makes every row with "saal" rank better (lower) than bm25 says.
        Assert.Contains(onlySaal, x => x.t.Rank < x.s.Bm25 - 1e-9);
        Assert.All(onlySaal, x => Assert.True(x.t.Rank <= x.s.Bm25 + 1e-9));
    }

    [Fact]
    public void Only_the_first_rows_are_scored_and_the_rest_are_null()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT rowid, bm25("Fts"), foyer_rank("Fts", $f, 5) FROM "Fts" WHERE "Fts" MATCH '"kanti"' ORDER BY rowid DESC LIMIT 40
            """;
        command.Parameters.AddWithValue("$f", Blob([Count("\"kanti\"")]));
        using var reader = command.ExecuteReader();
        var rows = new List<(double Bm25, double? Rank)>();
        while (reader.Read()) rows.Add((reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2)));

        Assert.Equal(40, rows.Count);
        Assert.All(rows.Take(5), r => Assert.Equal(r.Bm25, r.Rank!.Value, 1e-9));
        Assert.All(rows.Skip(5), r => Assert.Null(r.Rank));
        // A second run of the statement starts counting again.
        reader.Close();
        using var again = command.ExecuteReader();
        Assert.True(again.Read());
        Assert.False(again.IsDBNull(2));
    }

    [Fact]
    public void A_count_above_the_rows_left_still_scores_every_row()
    {
        // A count kept from before documents were deleted: the rarest phrase weighs least, never NaN (stored as NULL).
        var scores = Scores("\"kanti\" OR \"saal\"", Blob([1e9, -5]));
        Assert.NotEmpty(scores);
        Assert.All(scores, s => Assert.True(double.IsFinite(s.Rank) && s.Rank < 0, $"row {s.Id} scored {s.Rank}"));
    }

    [Fact]
    public void A_blob_that_does_not_fit_the_phrases_is_an_error_not_a_crash()
    {
        var error = Assert.Throws<SqliteException>(() => Scores("\"prob\" OR \"saal\"", Blob([1.0])));
        Assert.Contains("one document frequency for each phrase", error.Message, StringComparison.Ordinal);
    }
}
