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

    /// <summary>Vocabulary entries whose folded word contains <paramref name="part"/> after its start (compounds), shortest first.</summary>
    Task<List<(string Term, string Folded)>> CompoundsAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken);

    /// <summary>Vocabulary entries spelled like the folded word <paramref name="folded"/>, most similar first.</summary>
    Task<List<(string Term, string Folded, string Word)>> SimilarAsync(FoyerDbContext db, string folded, int limit, CancellationToken cancellationToken);
}

/// <summary>The parts both engines share: who may see what, the filters, running commands on EF's connection.</summary>
public abstract class SearchEngineBase : ISearchEngine
{
    public abstract Task<(List<SearchRow> Rows, int Total)> SearchAsync(FoyerDbContext db, EngineQuery query, SearchScope scope, SearchFilters filters,
        int skip, int take, int countLimit, CancellationToken cancellationToken);

    public abstract Task<List<(string Term, string Folded)>> CompoundsAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken);

    public abstract Task<List<(string Term, string Folded, string Word)>> SimilarAsync(FoyerDbContext db, string folded, int limit, CancellationToken cancellationToken);

    protected const string Columns = """d."Id", d."Kind", d."SourceId", d."SpaceId", d."AuthorId", d."CreatedAt", d."UpdatedAt", d."Title", d."Body", d."Path" """;

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

    private static string Ids(IEnumerable<long> ids) => string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    protected static async Task<List<T>> QueryAsync<T>(FoyerDbContext db, string sql, IReadOnlyList<KeyValuePair<string, object>> parameters,
        Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            command.AddParameters(parameters);
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    protected static SearchRow ReadRow(DbDataReader r) => new(r.GetInt64(0), (SearchKind)r.GetInt32(1), r.GetInt64(2),
        r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.GetDateTime(5), r.GetDateTime(6),
        r.GetString(7), r.GetString(8), r.GetString(9));

    /// <summary>Runs the page and the capped count with the engine's FROM/WHERE/ORDER.</summary>
    protected static async Task<(List<SearchRow> Rows, int Total)> RunAsync(FoyerDbContext db, string from, string where, string score, string order,
        List<KeyValuePair<string, object>> parameters, int skip, int take, int countLimit, CancellationToken cancellationToken)
    {
        var page = new List<KeyValuePair<string, object>>(parameters) { new("@take", take), new("@skip", skip) };
        var rows = await QueryAsync(db, $"SELECT {Columns}, {score} AS score FROM {from} WHERE {where} ORDER BY {order} LIMIT @take OFFSET @skip",
            page, ReadRow, cancellationToken);
        var count = new List<KeyValuePair<string, object>>(parameters) { new("@limit", countLimit) };
        var total = await QueryAsync(db, $"SELECT COUNT(*) FROM (SELECT 1 FROM {from} WHERE {where} LIMIT @limit) AS c", count,
            r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);
        return (rows, total[0]);
    }

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
public sealed class SqliteSearchEngine : SearchEngineBase
{
    public override Task<(List<SearchRow> Rows, int Total)> SearchAsync(FoyerDbContext db, EngineQuery query, SearchScope scope, SearchFilters filters,
        int skip, int take, int countLimit, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, object>> { new("@match", Match(query)) };
        var where = $"\"SearchFts\" MATCH @match AND {ScopeSql(scope, parameters)}{FilterSql(filters, parameters)}";
        return RunAsync(db, "\"SearchFts\" JOIN \"SearchDocuments\" AS d ON d.\"Id\" = \"SearchFts\".rowid", where,
            "bm25(\"SearchFts\", 4.0, 1.0)", "score, d.\"UpdatedAt\" DESC", parameters, skip, take, countLimit, cancellationToken);
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

    public override async Task<List<(string Term, string Folded)>> CompoundsAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken)
    {
        if (part.Length < 3) return [];
        return await QueryAsync(db, """
            SELECT t."Term", t."Folded" FROM "SearchTermsTrigram" JOIN "SearchTerms" AS t ON t."Id" = "SearchTermsTrigram".rowid
            WHERE "SearchTermsTrigram" MATCH @match AND substr(t."Folded", 1, length(@part)) <> @part
            ORDER BY length(t."Folded"), t."Folded" LIMIT @limit
            """, [new("@match", "\"" + part + "\""), new("@part", part), new("@limit", limit)], r => (r.GetString(0), r.GetString(1)), cancellationToken);
    }

    public override async Task<List<(string Term, string Folded, string Word)>> SimilarAsync(FoyerDbContext db, string folded, int limit, CancellationToken cancellationToken)
    {
        if (folded.Length < 3) return [];
        var trigrams = Enumerable.Range(0, folded.Length - 2).Select(i => string.Concat("\"", folded.AsSpan(i, 3), "\"")).Distinct().ToList();
        var rows = await QueryAsync(db, """
            SELECT t."Term", t."Folded", t."Word" FROM "SearchTermsTrigram" JOIN "SearchTerms" AS t ON t."Id" = "SearchTermsTrigram".rowid
            WHERE "SearchTermsTrigram" MATCH @match ORDER BY rank LIMIT 200
            """, [new("@match", string.Join(" OR ", trigrams))], r => (r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);
        return rows.OrderBy(r => Distance(folded, r.Item2)).ThenBy(r => r.Item2.Length).Take(limit).ToList();
    }
}

/// <summary>PostgreSQL: a weighted tsvector of the same terms ('simple' configuration: Foyer's analyser already folded and stemmed them), GIN-indexed, and pg_trgm over the vocabulary.</summary>
public sealed class PostgresSearchEngine : SearchEngineBase
{
    public override Task<(List<SearchRow> Rows, int Total)> SearchAsync(FoyerDbContext db, EngineQuery query, SearchScope scope, SearchFilters filters,
        int skip, int take, int countLimit, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, object>> { new("@match", TsQuery(query)) };
        var where = $"d.\"Search\" @@ to_tsquery('simple', @match) AND {ScopeSql(scope, parameters)}{FilterSql(filters, parameters)}";
        return RunAsync(db, "\"SearchDocuments\" AS d", where, "ts_rank(d.\"Search\", to_tsquery('simple', @match))",
            "score DESC, d.\"UpdatedAt\" DESC", parameters, skip, take, countLimit, cancellationToken);
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

    public override async Task<List<(string Term, string Folded)>> CompoundsAsync(FoyerDbContext db, string part, int limit, CancellationToken cancellationToken)
    {
        if (part.Length < 3) return [];
        return await QueryAsync(db, """
            SELECT "Term", "Folded" FROM "SearchTerms" WHERE "Folded" LIKE @like AND "Folded" NOT LIKE @prefix
            ORDER BY length("Folded"), "Folded" LIMIT @limit
            """, [new("@like", "%" + part + "%"), new("@prefix", part + "%"), new("@limit", limit)], r => (r.GetString(0), r.GetString(1)), cancellationToken);
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
