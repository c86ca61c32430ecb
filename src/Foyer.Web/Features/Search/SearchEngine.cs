using System.Data.Common;
using System.Globalization;
using System.Text;
using Foyer.Data;
using Foyer.Data.Search;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Foyer.Web.Features.Search;

/// <summary>Who is searching, as the query needs it: what they may read and know, worked out by the audience filter.</summary>
public sealed record SearchScope(
    IReadOnlyCollection<long> ReadableSpaces,
    IReadOnlyCollection<long> ListableSpaces,
    bool IsMember,
    /// <summary>People findable beyond "every member" (for a member: the guests of spaces they read; for a guest: everyone they may see).</summary>
    IReadOnlyCollection<long> ExtraPeople,
    DateTime Now);

public sealed record SearchFilters(IReadOnlyList<SearchKind>? Kinds = null, long? SpaceId = null, long? AuthorId = null,
    DateTime? From = null, DateTime? To = null, string? Tag = null);

/// <summary>One word that must match: by any of these term prefixes, or exactly one of these terms (compounds).</summary>
public sealed record TermGroup(IReadOnlyList<string> Prefixes, IReadOnlyList<string> Exact);

public sealed record EngineQuery(IReadOnlyList<TermGroup> Groups, IReadOnlyList<IReadOnlyList<string>> Phrases, IReadOnlyList<string> Excluded);

public sealed record SearchRow(long Id, SearchKind Kind, long SourceId, long? SpaceId, long? AuthorId, DateTime CreatedAt, DateTime UpdatedAt,
    string Title, string Body, string Path);

/// <summary>The full-text search of one database (docs/adr/0007): SQLite FTS5 or PostgreSQL tsvector, the same terms on both.</summary>
public interface ISearchEngine
{
    /// <summary>A page of the documents that match and the viewer may see, best first (newer first among equals), and how many there are up to <paramref name="countLimit"/>.</summary>
    Task<(List<SearchRow> Rows, int Total)> SearchAsync(FoyerDbContext db, EngineQuery query, SearchScope scope, SearchFilters filters,
        int skip, int take, int countLimit, CancellationToken cancellationToken);

    /// <summary>Vocabulary entries whose folded word contains <paramref name="part"/> (at its start or inside: compounds), shortest first.</summary>
    Task<List<(string Term, string Folded)>> VocabularyAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken);

    /// <summary>Vocabulary entries spelled like the folded word <paramref name="folded"/>, most similar first.</summary>
    Task<List<(string Term, string Folded, string Word)>> SimilarAsync(FoyerDbContext db, string folded, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the full-text index in step with rows of SearchDocuments just written in the caller's transaction:
    /// <paramref name="before"/> as they were (updated or removed), <paramref name="after"/> as they are now.
    /// </summary>
    Task DocumentsWrittenAsync(FoyerDbContext db, IReadOnlyList<SearchDocument> before, IReadOnlyList<SearchDocument> after, CancellationToken cancellationToken);

    /// <summary>The same for new vocabulary entries.</summary>
    Task TermsAddedAsync(FoyerDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken);

    /// <summary>After every document and term was deleted (a rebuild).</summary>
    Task ClearedAsync(FoyerDbContext db, CancellationToken cancellationToken);
}

/// <summary>The parts both engines share: who may see what, the filters, running commands on EF's connection.</summary>
public abstract class SearchEngineBase : ISearchEngine
{
    public abstract Task<(List<SearchRow> Rows, int Total)> SearchAsync(FoyerDbContext db, EngineQuery query, SearchScope scope, SearchFilters filters,
        int skip, int take, int countLimit, CancellationToken cancellationToken);

    public abstract Task<List<(string Term, string Folded)>> VocabularyAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken);

    public abstract Task<List<(string Term, string Folded, string Word)>> SimilarAsync(FoyerDbContext db, string folded, int limit, CancellationToken cancellationToken);

    public virtual Task DocumentsWrittenAsync(FoyerDbContext db, IReadOnlyList<SearchDocument> before, IReadOnlyList<SearchDocument> after,
        CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task TermsAddedAsync(FoyerDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task ClearedAsync(FoyerDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs one statement with numbered parameters ({0}, {1}, ...) for many rows at once.</summary>
    protected static async Task ManyRowsAsync<T>(FoyerDbContext db, string head, IReadOnlyList<T> rows, int columns, Func<T, object[]> values,
        CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(Math.Max(1, 900 / columns)))
        {
            var sql = new StringBuilder(head);
            var parameters = new List<object>(chunk.Length * columns);
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? " VALUES (" : ", (");
                for (var c = 0; c < columns; c++)
                {
                    if (c > 0) sql.Append(", ");
                    sql.Append('{').Append((i * columns + c).ToString(CultureInfo.InvariantCulture)).Append('}');
                }
                sql.Append(')');
                parameters.AddRange(values(chunk[i]));
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }
    }

    protected const string Columns = """d."Id", d."Kind", d."SourceId", d."SpaceId", d."AuthorId", d."CreatedAt", d."UpdatedAt", d."Title", d."Body", d."Path" """;
    protected const string Bare = """ "Id", "Kind", "SourceId", "SpaceId", "AuthorId", "CreatedAt", "UpdatedAt", "Title", "Body", "Path" """;

    /// <summary>
    /// Ranking looks at the newest this many matches the viewer may see (and the newest <see cref="TitleWindow"/> whose
    /// title matches), so a word in half a million documents costs what a word in two thousand does. A query with
    /// fewer matches is ranked over all of them. See docs/adr/0007.
    /// </summary>
    public const int Window = 1000;
    public const int TitleWindow = 200;

    /// <summary>
    /// The audience filter inside the query: a document is found only by those its reach allows (the same rules as
    /// AudienceFilter, applied through the viewer's space ids). Ids are written as numbers; they come from the database.
    /// </summary>
    protected static string ScopeSql(SearchScope scope, List<KeyValuePair<string, object>> parameters)
    {
        parameters.Add(new("@now", scope.Now));
        var any = new List<string> { $"d.\"Reach\" = {(int)SearchReach.Public}" };
        if (scope.ReadableSpaces.Count > 0) any.Add($"(d.\"Reach\" = {(int)SearchReach.SpaceReaders} AND d.\"SpaceId\" IN ({Ids(scope.ReadableSpaces)}))");
        if (scope.ListableSpaces.Count > 0) any.Add($"(d.\"Reach\" = {(int)SearchReach.SpaceListing} AND d.\"SpaceId\" IN ({Ids(scope.ListableSpaces)}))");
        if (scope.IsMember)
        {
            any.Add($"d.\"Reach\" = {(int)SearchReach.Members}");
            any.Add($"(d.\"Reach\" = {(int)SearchReach.Person} AND d.\"IsGuest\" = FALSE)");
        }
        if (scope.ExtraPeople.Count > 0) any.Add($"(d.\"Reach\" = {(int)SearchReach.Person} AND d.\"SourceId\" IN ({Ids(scope.ExtraPeople)}))");
        return $"d.\"VisibleFrom\" <= @now AND ({string.Join(" OR ", any)})";
    }

    protected static string FilterSql(SearchFilters f, List<KeyValuePair<string, object>> parameters)
    {
        var sql = new StringBuilder();
        if (f.Kinds is { Count: > 0 }) sql.Append(CultureInfo.InvariantCulture, $" AND d.\"Kind\" IN ({string.Join(", ", f.Kinds.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture)))})");
        if (f.SpaceId is long space) { sql.Append(" AND d.\"SpaceId\" = @space"); parameters.Add(new("@space", space)); }
        if (f.AuthorId is long author) { sql.Append(" AND d.\"AuthorId\" = @author"); parameters.Add(new("@author", author)); }
        if (f.From is DateTime from) { sql.Append(" AND d.\"CreatedAt\" >= @from"); parameters.Add(new("@from", from)); }
        if (f.To is DateTime to) { sql.Append(" AND d.\"CreatedAt\" < @to"); parameters.Add(new("@to", to)); }
        if (!string.IsNullOrEmpty(f.Tag))
        {
            var escaped = f.Tag.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            sql.Append(" AND d.\"Tags\" LIKE @tag ESCAPE '\\'");
            parameters.Add(new("@tag", "% " + escaped + " %"));
        }
        return sql.ToString();
    }

    protected static string Ids(IEnumerable<long> ids) => string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Runs a read of the search on SQLite's prepared-read connections when there are some (kept prepared unless
    /// <paramref name="keep"/> is false, for SQL with ids written into it), else on EF's connection and transaction.
    /// </summary>
    protected Task<List<T>> QueryAsync<T>(FoyerDbContext db, string sql, IReadOnlyList<KeyValuePair<string, object>> parameters,
        Func<DbDataReader, T> read, CancellationToken cancellationToken, bool keep = true) =>
        HandWrittenReads.ReadAsync(db, PreparedReads, sql, parameters, read, keep, cancellationToken);

    /// <summary>SQLite's prepared-read connections (null on PostgreSQL and in memory).</summary>
    protected Foyer.Data.Sqlite.SqlitePreparedReads? PreparedReads { get; init; }

    protected static SearchRow ReadRow(DbDataReader r) => new(r.GetInt64(0), (SearchKind)r.GetInt32(1), r.GetInt64(2),
        r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.GetDateTime(5), r.GetDateTime(6),
        r.GetString(7), r.GetString(8), r.GetString(9));

    /// <summary>A document of a ranking window: from the newest matches (<paramref name="Body"/>) or the newest title matches.</summary>
    protected sealed record Candidate(long Id, DateTime UpdatedAt, double Score, bool Body);

    /// <summary>
    /// Ranks the windows' documents (a document in both keeps its better score; newer first among equals), and reads
    /// only the page's rows: the windows carry ids and scores, never the texts. The total is the number of visible
    /// matches the body window found, which is the full count up to its size.
    /// </summary>
    protected async Task<(List<SearchRow> Rows, int Total)> PageAsync(FoyerDbContext db, List<Candidate> candidates, bool lowerIsBetter,
        int skip, int take, CancellationToken cancellationToken)
    {
        var total = candidates.Where(c => c.Body).Select(c => c.Id).Distinct().Count();
        var ranked = candidates.GroupBy(c => c.Id)
            .Select(g => (Id: g.Key, Updated: g.First().UpdatedAt, Score: lowerIsBetter ? g.Min(c => c.Score) : -g.Max(c => c.Score)))
            .OrderBy(c => c.Score).ThenByDescending(c => c.Updated).ThenByDescending(c => c.Id)
            .Skip(skip).Take(take).Select(c => c.Id).ToList();
        if (ranked.Count == 0) return ([], total);
        var rows = await QueryAsync(db, $"SELECT {Bare} FROM \"SearchDocuments\" WHERE \"Id\" IN ({Ids(ranked)})", [], ReadRow, cancellationToken, keep: false);
        var order = ranked.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return (rows.OrderBy(r => order[r.Id]).ToList(), total);
    }

    /// <summary>
    /// The body window's size: the ranking window, or more when more must be counted; one document when the caller only
    /// asks whether anything matches ("did you mean" checks its correction), which needs neither ranking nor titles.
    /// </summary>
    protected static int WindowFor(int skip, int take, int countLimit) => skip + take <= 1 && countLimit <= 1 ? 1 : Math.Max(Window, countLimit);

    protected static Candidate ReadCandidate(DbDataReader r) => new(r.GetInt64(0), r.GetDateTime(1), Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture), r.GetInt32(3) == 1);

    /// <summary>Levenshtein distance, for ranking spelling suggestions.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

/// <summary>SQLite: an FTS5 index over the documents' terms (bm25, the title weighing four times the body), and a trigram FTS5 index over the vocabulary.</summary>
public sealed partial class SqliteSearchEngine : SearchEngineBase
{
    public SqliteSearchEngine(Foyer.Data.Sqlite.SqlitePreparedReads? preparedReads = null) => PreparedReads = preparedReads;

    public override async Task<(List<SearchRow> Rows, int Total)> SearchAsync(FoyerDbContext db, EngineQuery query, SearchScope scope, SearchFilters filters,
        int skip, int take, int countLimit, CancellationToken cancellationToken)
    {
        var match = Match(query);
        var parameters = new List<KeyValuePair<string, object>> { new("@match", match) };
        var window = WindowFor(skip, take, countLimit);
        var visible = $"{ScopeSql(scope, parameters)}{FilterSql(filters, parameters)}";
        // The documents are read through their narrow visibility index (migration AddSearchVisibilityIndex), not their
        // rows, which hold the whole text: the planner would take the rowid, and a page per document.
        const string From = "\"SearchFts\" JOIN \"SearchDocuments\" AS d INDEXED BY \"IX_SearchDocuments_Visibility\" ON d.\"Id\" = \"SearchFts\".rowid";
        // FTS5 reads a term's list newest first and stops at the limit; bm25 is computed for the window's rows only.
        var candidates = await QueryAsync(db, $"""
            SELECT * FROM (SELECT d."Id", d."UpdatedAt", bm25("SearchFts", 4.0, 1.0), 1 FROM {From}
                           WHERE "SearchFts" MATCH @match AND {visible} ORDER BY "SearchFts".rowid DESC LIMIT {window})
            UNION ALL
            SELECT * FROM (SELECT d."Id", d."UpdatedAt", 4.0 * bm25("SearchTitleFts"), 0 FROM "SearchTitleFts" JOIN "SearchDocuments" AS d INDEXED BY "IX_SearchDocuments_Visibility" ON d."Id" = "SearchTitleFts".rowid
                           WHERE "SearchTitleFts" MATCH @match AND {visible} ORDER BY "SearchTitleFts".rowid DESC LIMIT {(window == 1 ? 0 : TitleWindow)})
            """, parameters, ReadCandidate, cancellationToken);
        return await PageAsync(db, candidates, lowerIsBetter: true, skip, take, cancellationToken);
    }

    /// <summary>The FTS5 query: every term quoted (user text never reaches FTS5's syntax), prefixes starred.</summary>
    public static string Match(EngineQuery query)
    {
        static string Q(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var parts = new List<string>();
        foreach (var g in query.Groups)
        {
            var alternatives = g.Prefixes.Select(p => Q(p) + "*").Concat(g.Exact.Select(Q)).ToList();
            parts.Add(alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")");
        }
        foreach (var phrase in query.Phrases) parts.Add(Q(string.Join(' ', phrase)));
        var match = string.Join(" AND ", parts);
        foreach (var ex in query.Excluded) match += " NOT " + Q(ex) + "*";
        return match;
    }

    public override async Task<List<(string Term, string Folded)>> VocabularyAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken)
    {
        if (part.Length < 3) return [];
        return await QueryAsync(db, """
            SELECT "Term", "Folded" FROM "SearchTermsTrigram" WHERE "SearchTermsTrigram" MATCH @match
            ORDER BY length("Folded"), "Folded" LIMIT @limit
            """, [new("@match", "\"" + part + "\""), new("@limit", limit)], r => (r.GetString(0), r.GetString(1)), cancellationToken);
    }

    public override async Task<List<(string Term, string Folded, string Word)>> SimilarAsync(FoyerDbContext db, string folded, int limit, CancellationToken cancellationToken)
    {
        if (folded.Length < 3) return [];
        var trigrams = Enumerable.Range(0, folded.Length - 2).Select(i => string.Concat("\"", folded.AsSpan(i, 3), "\"")).Distinct().ToList();
        var rows = await QueryAsync(db, """
            SELECT "Term", "Folded", "Word" FROM "SearchTermsTrigram" WHERE "SearchTermsTrigram" MATCH @match ORDER BY rank LIMIT 200
            """, [new("@match", string.Join(" OR ", trigrams))], r => (r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);
        return rows.OrderBy(r => Distance(folded, r.Item2)).ThenBy(r => r.Item2.Length).Take(limit).ToList();
    }
}

public sealed partial class SqliteSearchEngine
{
    public override async Task DocumentsWrittenAsync(FoyerDbContext db, IReadOnlyList<SearchDocument> before, IReadOnlyList<SearchDocument> after,
        CancellationToken cancellationToken)
    {
        // External content: FTS5 is told the old terms to take out and the new ones to put in, many rows per statement.
        await ManyRowsAsync(db, "INSERT INTO \"SearchFts\" (\"SearchFts\", rowid, \"TitleTerms\", \"BodyTerms\")", before, 4,
            d => ["delete", d.Id, d.TitleTerms, d.BodyTerms], cancellationToken);
        await ManyRowsAsync(db, "INSERT INTO \"SearchFts\" (rowid, \"TitleTerms\", \"BodyTerms\")", after, 3,
            d => [d.Id, d.TitleTerms, d.BodyTerms], cancellationToken);
        // The title index holds only documents with a title.
        await ManyRowsAsync(db, "INSERT INTO \"SearchTitleFts\" (\"SearchTitleFts\", rowid, \"TitleTerms\")", before.Where(d => d.TitleTerms.Length > 0).ToList(), 3,
            d => ["delete", d.Id, d.TitleTerms], cancellationToken);
        await ManyRowsAsync(db, "INSERT INTO \"SearchTitleFts\" (rowid, \"TitleTerms\")", after.Where(d => d.TitleTerms.Length > 0).ToList(), 2,
            d => [d.Id, d.TitleTerms], cancellationToken);
    }

    public override Task TermsAddedAsync(FoyerDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken) =>
        ManyRowsAsync(db, "INSERT INTO \"SearchTermsTrigram\" (\"Folded\", \"Term\", \"Word\")", terms, 3, t => [t.Folded, t.Term, t.Word], cancellationToken);

    public override async Task ClearedAsync(FoyerDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"SearchFts\" (\"SearchFts\") VALUES ('delete-all')", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"SearchTitleFts\" (\"SearchTitleFts\") VALUES ('delete-all')", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"SearchTermsTrigram\"", cancellationToken);
    }
}

/// <summary>PostgreSQL: a weighted tsvector of the same terms ('simple' configuration: Foyer's analyser already folded and stemmed them), GIN-indexed, and pg_trgm over the vocabulary.</summary>
public sealed class PostgresSearchEngine : SearchEngineBase
{
    public override Task<(List<SearchRow> Rows, int Total)> SearchAsync(FoyerDbContext db, EngineQuery query, SearchScope scope, SearchFilters filters,
        int skip, int take, int countLimit, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, object>> { new("@match", TsQuery(query)) };
        var visible = $"{ScopeSql(scope, parameters)}{FilterSql(filters, parameters)}";
        return SearchCoreAsync(db, visible, parameters, skip, take, WindowFor(skip, take, countLimit), cancellationToken);
    }

    /// <summary>How far back (in document ids) the body window looks first.</summary>
    private const long FirstSpan = 8_000;

    /// <summary>
    /// The body window is the newest matches the viewer may see. A common word has them among the newest documents, so
    /// the GIN match is combined with a range of the newest ids (a bitmap AND with the primary key): the rows read are
    /// those of that range that match, not all of the word's matches. The range starts small; when it holds too few,
    /// the next one is as wide as the share of matches found so far says is needed (at least twice, at most 64
    /// times wider), then everything. The result is the same window either way. Title matches are few; they come
    /// from their own tsvector and index.
    /// </summary>
    /// <remarks>
    /// The planner is told not to walk the primary key for the range: it estimates the match as cheap and would test
    /// it row by row, decompressing every document's tsvector in the range (168 ms instead of 42 for a common word
    /// over 40,000 documents, bench/Foyer.Bench search). The setting is reset right after the statement (and Npgsql
    /// discards session settings when a connection goes back to its pool, should the statement fail).
    /// </remarks>
    private async Task<(List<SearchRow> Rows, int Total)> SearchCoreAsync(FoyerDbContext db, string visible,
        List<KeyValuePair<string, object>> parameters, int skip, int take, int window, CancellationToken cancellationToken)
    {
        var newest = (await QueryAsync(db, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"SearchDocuments\"", [], r => r.GetInt64(0), cancellationToken))[0];
        List<long> body = [];
        var span = FirstSpan;
        while (true)
        {
            var floor = span >= newest ? 0 : newest - span;
            var ranged = new List<KeyValuePair<string, object>>(parameters) { new("@floor", floor) };
            // "Id" + 0: sorting the few rows found beats walking the primary key backwards through every row.
            body = await QueryAsync(db, $"""
                SET enable_indexscan = off;
                SELECT d."Id" FROM "SearchDocuments" AS d WHERE d."Search" @@ to_tsquery('simple', @match) AND d."Id" > @floor AND {visible}
                ORDER BY d."Id" + 0 DESC LIMIT {window};
                RESET enable_indexscan;
                """, ranged, r => r.GetInt64(0), cancellationToken);
            if (body.Count >= window || floor == 0) break;
            var factor = body.Count == 0 ? 64 : Math.Clamp((long)Math.Ceiling(1.3 * window / body.Count), 2, 64);
            span = span > long.MaxValue / factor ? long.MaxValue : span * factor;
        }
        List<long> title = window == 1 ? [] : await QueryAsync(db, $"""
            SELECT d."Id" FROM "SearchDocuments" AS d WHERE d."TitleSearch" @@ to_tsquery('simple', @match) AND {visible}
            ORDER BY d."Id" + 0 DESC LIMIT {TitleWindow}
            """, parameters, r => r.GetInt64(0), cancellationToken);
        var all = body.Concat(title).Distinct().ToList();
        if (all.Count == 0) return ([], 0);
        var bodySet = body.ToHashSet();
        var candidates = await QueryAsync(db, $"""
            SELECT d."Id", d."UpdatedAt", ts_rank(d."Search", to_tsquery('simple', @match)), 0 FROM "SearchDocuments" AS d WHERE d."Id" IN ({Ids(all)})
            """, [new("@match", parameters[0].Value)], ReadCandidate, cancellationToken);
        return await PageAsync(db, candidates.Select(c => c with { Body = bodySet.Contains(c.Id) }).ToList(), lowerIsBetter: false, skip, take, cancellationToken);
    }

    /// <summary>The tsquery: every lexeme quoted (user text never reaches the tsquery syntax), prefixes with :*.</summary>
    public static string TsQuery(EngineQuery query)
    {
        static string Q(string term) => "'" + term.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + "'";
        var parts = new List<string>();
        foreach (var g in query.Groups)
        {
            var alternatives = g.Prefixes.Select(p => Q(p) + ":*").Concat(g.Exact.Select(Q)).ToList();
            parts.Add(alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" | ", alternatives) + ")");
        }
        foreach (var phrase in query.Phrases) parts.Add("(" + string.Join(" <-> ", phrase.Select(Q)) + ")");
        foreach (var ex in query.Excluded) parts.Add("!" + Q(ex) + ":*");
        return string.Join(" & ", parts);
    }

    public override async Task<List<(string Term, string Folded)>> VocabularyAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken)
    {
        if (part.Length < 3) return [];
        return await QueryAsync(db, """
            SELECT "Term", "Folded" FROM "SearchTerms" WHERE "Folded" LIKE @like ORDER BY length("Folded"), "Folded" LIMIT @limit
            """, [new("@like", "%" + part + "%"), new("@limit", limit)], r => (r.GetString(0), r.GetString(1)), cancellationToken);
    }

    public override async Task<List<(string Term, string Folded, string Word)>> SimilarAsync(FoyerDbContext db, string folded, int limit, CancellationToken cancellationToken)
    {
        if (folded.Length < 3) return [];
        var rows = await QueryAsync(db, """
            SELECT "Term", "Folded", "Word" FROM "SearchTerms" WHERE "Folded" % @folded ORDER BY similarity("Folded", @folded) DESC LIMIT 200
            """, [new("@folded", folded)], r => (r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);
        return rows.OrderBy(r => Distance(folded, r.Item2)).ThenBy(r => r.Item2.Length).Take(limit).ToList();
    }
}
