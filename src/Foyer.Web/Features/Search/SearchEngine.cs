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

/// <summary>A found document; <paramref name="Body"/> is the start of its text when <paramref name="BodyCut"/> (see SearchEngineBase.TextHead).</summary>
public sealed record SearchRow(long Id, SearchKind Kind, long SourceId, long? SpaceId, long? AuthorId, DateTime CreatedAt, DateTime UpdatedAt,
    string Title, string Body, string Path, bool BodyCut = false, string? SpaceName = null, string? AuthorName = null);

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

    /// <summary>After a rebuild wrote every document again: whatever the database needs to search them at full speed.</summary>
    Task RebuiltAsync(FoyerDbContext db, CancellationToken cancellationToken);
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

    /// <summary>The figures kept between queries describe the index that is gone.</summary>
    public virtual Task ClearedAsync(FoyerDbContext db, CancellationToken cancellationToken)
    {
        Figures.Invalidate();
        return Task.CompletedTask;
    }

    public virtual Task RebuiltAsync(FoyerDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

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


    /// <summary>
    /// The search counts the newest this many matches the viewer may see ("1,000+" beyond), so a word in half a million
    /// documents costs what a word in two thousand does. See docs/adr/0007.
    /// </summary>
    public const int Window = 1000;

    /// <summary>
    /// Relevance ranks the newest this many of them, and the newest <see cref="TitleWindow"/> whose title matches (a
    /// query with fewer matches is ranked over all of them); the window's older matches follow, newest first.
    /// </summary>
    public const int RankWindow = 200;
    public const int TitleWindow = 200;

    /// <summary>How much of a found document's text is read for its snippet (more only if the words are not in it).</summary>
    public const int TextHead = 4000;

    /// <summary>
    /// The audience filter inside the query: a document is found only by those its reach allows (the same rules as
    /// AudienceFilter, applied through the viewer's space ids). Ids are written as numbers (they come from the
    /// database), or, with <paramref name="arrays"/>, passed as array parameters, so that the statement's text is the
    /// same for every viewer and can stay prepared (PostgreSQL: a hashed subplan per list, checked once per row).
    /// </summary>
    protected static string ScopeSql(SearchScope scope, List<KeyValuePair<string, object>> parameters, bool arrays = false)
    {
        parameters.Add(new("@now", scope.Now));
        string In(string name, IReadOnlyCollection<long> ids)
        {
            if (!arrays) return $"IN ({Ids(ids)})";
            parameters.Add(new(name, ids.ToArray()));
            return $"IN (SELECT unnest({name}))";
        }
        var any = new List<string> { $"d.\"Reach\" = {(int)SearchReach.Public}" };
        if (scope.ReadableSpaces.Count > 0) any.Add($"(d.\"Reach\" = {(int)SearchReach.SpaceReaders} AND d.\"SpaceId\" {In("@readable", scope.ReadableSpaces)})");
        if (scope.ListableSpaces.Count > 0) any.Add($"(d.\"Reach\" = {(int)SearchReach.SpaceListing} AND d.\"SpaceId\" {In("@listable", scope.ListableSpaces)})");
        if (scope.IsMember)
        {
            any.Add($"d.\"Reach\" = {(int)SearchReach.Members}");
            any.Add($"(d.\"Reach\" = {(int)SearchReach.Person} AND d.\"IsGuest\" = FALSE)");
        }
        if (scope.ExtraPeople.Count > 0) any.Add($"(d.\"Reach\" = {(int)SearchReach.Person} AND d.\"SourceId\" {In("@people", scope.ExtraPeople)})");
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
        HandWrittenReads.ReadAsync(db, PreparedReads, sql, parameters, read, keep, keep && PrepareOnServer, cancellationToken);

    /// <summary>
    /// Whether statements kept prepared are also prepared on a database server (PostgreSQL: parsed and planned once per
    /// pooled connection). Only for an engine whose kept statements have a bounded number of texts.
    /// </summary>
    protected virtual bool PrepareOnServer => false;

    /// <summary>The statement that reads the page's rows by id; ids written into it unless the engine passes them as an array.</summary>
    protected virtual (string Sql, List<KeyValuePair<string, object>> Parameters, bool Keep) PageQuery(string rows, IReadOnlyList<long> ids) =>
        ($"{rows} WHERE d.\"Id\" IN ({Ids(ids)})", [], false);

    /// <summary>What the engine keeps between queries (the app's memory cache).</summary>
    public required SearchFigures Figures { get; init; }

    /// <summary>SQLite's prepared-read connections (null on PostgreSQL and in memory).</summary>
    protected Foyer.Data.Sqlite.SqlitePreparedReads? PreparedReads { get; init; }

    /// <summary>The page's rows: their text up to <see cref="TextHead"/> characters and whether there is more, with the names of their space and author.</summary>
    /// <remarks>One character more than is kept tells whether there is more: both databases count characters (code points) in substr.</remarks>
    private static readonly string PageRows = $"""
        SELECT d."Id", d."Kind", d."SourceId", d."SpaceId", d."AuthorId", d."CreatedAt", d."UpdatedAt", d."Title", substr(d."Body", 1, {TextHead + 1}),
               d."Path", s."Name", u."DisplayName"
        FROM "SearchDocuments" AS d LEFT JOIN "Spaces" AS s ON s."Id" = d."SpaceId" LEFT JOIN "AspNetUsers" AS u ON u."Id" = d."AuthorId"
        """;

    protected static SearchRow ReadRow(DbDataReader r)
    {
        var (body, cut) = Head(r.GetString(8), TextHead);
        return new(r.GetInt64(0), (SearchKind)r.GetInt32(1), r.GetInt64(2),
            r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.GetDateTime(5), r.GetDateTime(6),
            r.GetString(7), body, r.GetString(9), cut, r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11));
    }

    /// <summary>The first <paramref name="characters"/> code points of <paramref name="text"/> (as substr counts them), and whether there were more.</summary>
    public static (string Text, bool Cut) Head(string text, int characters)
    {
        // A string has at least as many UTF-16 units as code points: a short one cannot have more.
        if (text.Length <= characters) return (text, false);
        var end = 0;
        for (var n = 0; n < characters && end < text.Length; n++) end += char.IsSurrogatePair(text, end) ? 2 : 1;
        return end >= text.Length ? (text, false) : (text[..end], true);
    }

    /// <summary>A ranked document: one of the newest matches, or of the newest title matches.</summary>
    protected sealed record Candidate(long Id, DateTime UpdatedAt, double Score);

    /// <summary>
    /// The page: the ranked documents first (a document in both windows keeps its better score; newer first among
    /// equals), then the body window's older matches (<paramref name="rest"/>, by date, newest first). Only the page's rows are
    /// read: the windows carry ids and scores, never the texts. <paramref name="total"/> is the number of visible matches
    /// the body window found, which is the full count up to its size.
    /// </summary>
    protected async Task<(List<SearchRow> Rows, int Total)> PageAsync(FoyerDbContext db, List<Candidate> ranked, IReadOnlyList<Candidate> rest,
        int total, bool lowerIsBetter, int skip, int take, CancellationToken cancellationToken)
    {
        var order = ranked.GroupBy(c => c.Id)
            .Select(g => (Id: g.Key, Updated: g.First().UpdatedAt, Score: lowerIsBetter ? g.Min(c => c.Score) : -g.Max(c => c.Score)))
            .OrderBy(c => c.Score).ThenByDescending(c => c.Updated).ThenByDescending(c => c.Id)
            .Select(c => c.Id).ToList();
        if (skip + take > order.Count && rest.Count > 0)
        {
            var seen = order.ToHashSet();
            order.AddRange(rest.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Select(c => c.Id).Where(seen.Add));
        }
        var page = order.Skip(skip).Take(take).ToList();
        if (page.Count == 0) return ([], total);
        var (sql, parameters, keep) = PageQuery(PageRows, page);
        var rows = await QueryAsync(db, sql, parameters, ReadRow, cancellationToken, keep);
        var at = page.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return (rows.OrderBy(r => at[r.Id]).ToList(), total);
    }

    /// <summary>
    /// The body window's size: the ranking window, or more when more must be counted; one document when the caller only
    /// asks whether anything matches ("did you mean" checks its correction), which needs neither ranking nor titles.
    /// </summary>
    protected static int WindowFor(int skip, int take, int countLimit) => skip + take <= 1 && countLimit <= 1 ? 1 : Math.Max(Window, countLimit);

    /// <summary>Whether a page needs the body window's matches beyond the ranked ones (their ids, newest first).</summary>
    protected static bool NeedsRest(int skip, int take) => skip + take > RankWindow;

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
        var (match, phrases) = MatchWithPhrases(query);
        var window = WindowFor(skip, take, countLimit);
        var parameters = new List<KeyValuePair<string, object>> { new("@match", match) };
        // Whether anything matches ("did you mean") needs no rank.
        if (window > 1)
        {
            parameters.Add(new("@frequencies", await FrequenciesAsync(db, "SearchFts", phrases, cancellationToken)));
            parameters.Add(new("@titleFrequencies", await FrequenciesAsync(db, "SearchTitleFts", phrases, cancellationToken)));
        }
        var visible = $"{ScopeSql(scope, parameters)}{FilterSql(filters, parameters)}";
        // The documents are read through their narrow visibility index (migration AddSearchVisibilityIndex), not their
        // rows, which hold the whole text: the planner would take the rowid, and a page per document.
        const string From = "\"SearchFts\" JOIN \"SearchDocuments\" AS d INDEXED BY \"IX_SearchDocuments_Visibility\" ON d.\"Id\" = \"SearchFts\".rowid";
        // FTS5 reads a term's list newest first and stops at the limit. One pass ranks the newest RankWindow rows (the
        // rank function returns NULL after them, at no cost) and counts the window; the ids of the rest serve deep pages.
        var all = await QueryAsync(db, $"""
            SELECT * FROM (SELECT d."Id", d."UpdatedAt", {(window > 1 ? $"foyer_rank(\"SearchFts\", @frequencies, {RankWindow}, 4.0, 1.0)" : "NULL")}, 1 FROM {From}
                           WHERE "SearchFts" MATCH @match AND {visible} ORDER BY "SearchFts".rowid DESC LIMIT {window})
            UNION ALL
            SELECT * FROM (SELECT d."Id", d."UpdatedAt", {(window > 1 ? "4.0 * foyer_rank(\"SearchTitleFts\", @titleFrequencies, " + TitleWindow + ")" : "NULL")}, 0 FROM "SearchTitleFts" JOIN "SearchDocuments" AS d INDEXED BY "IX_SearchDocuments_Visibility" ON d."Id" = "SearchTitleFts".rowid
                           WHERE "SearchTitleFts" MATCH @match AND {visible} ORDER BY "SearchTitleFts".rowid DESC LIMIT {(window == 1 ? 0 : TitleWindow)})
            """, parameters,
            r => (Candidate: new Candidate(r.GetInt64(0), r.GetDateTime(1), r.IsDBNull(2) ? double.NaN : r.GetDouble(2)), Body: r.GetInt32(3) == 1),
            cancellationToken);
        var ranked = all.Where(x => !double.IsNaN(x.Candidate.Score)).Select(x => x.Candidate).ToList();
        var rest = all.Where(x => x.Body && double.IsNaN(x.Candidate.Score)).Select(x => x.Candidate).ToList();
        return await PageAsync(db, ranked, rest, all.Count(x => x.Body), lowerIsBetter: true, skip, take, cancellationToken);
    }

    /// <summary>The FTS5 query: every term quoted (user text never reaches FTS5's syntax), prefixes starred.</summary>
    public static string Match(EngineQuery query) => MatchWithPhrases(query).Match;

    /// <summary>
    /// The FTS5 query and its phrases in FTS5's order (each a query of its own; null for an excluded word, which no
    /// document found contains).
    /// </summary>
    public static (string Match, List<string?> Phrases) MatchWithPhrases(EngineQuery query)
    {
        static string Q(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var parts = new List<string>();
        var phrases = new List<string?>();
        foreach (var g in query.Groups)
        {
            var alternatives = g.Prefixes.Select(p => Q(p) + "*").Concat(g.Exact.Select(Q)).ToList();
            phrases.AddRange(alternatives);
            parts.Add(alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")");
        }
        foreach (var phrase in query.Phrases)
        {
            parts.Add(Q(string.Join(' ', phrase)));
            phrases.Add(parts[^1]);
        }
        var match = string.Join(" AND ", parts);
        foreach (var ex in query.Excluded)
        {
            match += " NOT " + Q(ex) + "*";
            phrases.Add(null);
        }
        return (match, phrases);
    }

    /// <summary>How long a phrase's document count is used before it is counted again; the ranking barely moves meanwhile.</summary>
    private static readonly TimeSpan FrequencyLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The number of documents of the FTS5 index <paramref name="table"/> each phrase occurs in, for the rank (<see cref="Foyer.Data.Sqlite.SqliteSearchRank"/>):
    /// counted by FTS5 when not known or older than ten minutes, as a blob of doubles in the phrases' order. Counts are
    /// over the whole index, as bm25's are; they never reach the page.
    /// </summary>
    private async Task<byte[]> FrequenciesAsync(FoyerDbContext db, string table, List<string?> phrases, CancellationToken cancellationToken)
    {
        var counts = new double[phrases.Count];
        var missing = new List<int>();
        for (var i = 0; i < phrases.Count; i++)
        {
            if (phrases[i] is not { } phrase) continue;
            if (Figures.TryGet("search-documents", (table, phrase), out double known)) counts[i] = known;
            else missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var parameters = new List<KeyValuePair<string, object>>();
            var sql = new StringBuilder();
            foreach (var i in missing.Select(i => phrases[i]!).Distinct())
            {
                if (sql.Length > 0) sql.Append(" UNION ALL ");
                var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
                sql.Append(CultureInfo.InvariantCulture, $"SELECT {name}, count(*) FROM \"{table}\" WHERE \"{table}\" MATCH {name}");
                parameters.Add(new(name, i));
            }
            var found = await QueryAsync(db, sql.ToString(), parameters, r => (Phrase: r.GetString(0), Documents: (double)r.GetInt64(1)), cancellationToken, keep: false);
            foreach (var (phrase, documents) in found) Figures.Set("search-documents", (table, phrase), documents, FrequencyLifetime);
            var byPhrase = found.ToDictionary(f => f.Phrase, f => f.Documents);
            foreach (var i in missing) counts[i] = byPhrase.GetValueOrDefault(phrases[i]!);
        }
        var blob = new byte[counts.Length * sizeof(double)];
        Buffer.BlockCopy(counts, 0, blob, 0, blob.Length);
        return blob;
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
        await base.ClearedAsync(db, cancellationToken);
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
        var match = MatchSql(query, parameters);
        var visible = $"{ScopeSql(scope, parameters, arrays: true)}{FilterSql(filters, parameters)}";
        // One word (or its compounds) only: see SearchCoreAsync for the titles' ordered index.
        var oneWord = query.Groups.Count == 1 && query.Phrases.Count == 0 && query.Excluded.Count == 0;
        return SearchCoreAsync(db, match, visible, parameters, oneWord, skip, take, WindowFor(skip, take, countLimit), cancellationToken);
    }

    /// <summary>
    /// How the body window finds its documents. A phrase of two words is one word pair of an expression index (migration
    /// AddSearchWordPairs: every pair of neighbouring terms as one lexeme, GIN-indexed with the id), found in the index
    /// alone; checked with "zweit &lt;-&gt; akt" on "Search" instead, every document holding both words would be read and
    /// its whole tsvector decompressed to look at the positions. Longer phrases need their pairs and the positions (a
    /// document can hold all the pairs apart); single words and everything else go to "Search". @match stays the whole
    /// query: titles and the rank use it.
    /// </summary>
    private static string MatchSql(EngineQuery query, List<KeyValuePair<string, object>> parameters)
    {
        var pairs = PairQuery(query);
        if (pairs is null) return "d.\"Search\" @@ to_tsquery('simple', @match)";
        parameters.Add(new("@pairs", pairs));
        var rest = query with { Phrases = query.Phrases.Where(p => p.Count != 2).ToList() };
        // The expression of the index IX_SearchDocuments_WordPairs, written exactly as there so that it is used.
        var any = $"(foyer_word_pairs(d.\"TitleTerms\") || foyer_word_pairs(d.\"BodyTerms\")) @@ CAST(@pairs AS tsquery)";
        if (rest.Groups.Count > 0 || rest.Phrases.Count > 0)
        {
            parameters.Add(new("@rest", TsQuery(rest)));
            return $"{any} AND d.\"Search\" @@ to_tsquery('simple', @rest)";
        }
        if (rest.Excluded.Count == 0) return any;
        parameters.Add(new("@excluded", string.Join(" | ", rest.Excluded.Select(e => Quote(e) + ":*"))));
        return $"{any} AND NOT d.\"Search\" @@ to_tsquery('simple', @excluded)";
    }

    /// <summary>The word pairs of the query's phrases as a tsquery of raw lexemes ("zweit+akt"), or null without a phrase of two words or more.</summary>
    public static string? PairQuery(EngineQuery query)
    {
        var pairs = query.Phrases.Where(p => p.Count >= 2)
            .SelectMany(p => p.Zip(p.Skip(1), (a, b) => Quote(a + "+" + b))).Distinct().ToList();
        return pairs.Count == 0 ? null : string.Join(" & ", pairs);
    }

    /// <summary>A lexeme quoted for tsquery input: user text never reaches the tsquery syntax.</summary>
    private static string Quote(string term) => "'" + term.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + "'";

    /// <summary>
    /// The search's statements have a few texts only (the viewer's space ids are array parameters), so each pooled
    /// connection parses and plans them once: planning the windows cost more than running them for a rare word.
    /// </summary>
    protected override bool PrepareOnServer => true;

    protected override (string Sql, List<KeyValuePair<string, object>> Parameters, bool Keep) PageQuery(string rows, IReadOnlyList<long> ids) =>
        ($"{rows} WHERE d.\"Id\" = ANY(@ids)", [new("@ids", ids.ToArray())], true);

    /// <summary>Who the densities are for: the visibility SQL with the viewer's id lists (passed as arrays, so not in the text).</summary>
    private static string AudienceKey(string visible, List<KeyValuePair<string, object>> parameters) =>
        visible + "|" + string.Join("|", parameters.Where(p => p.Value is long[]).Select(p => p.Key + ":" + Ids((long[])p.Value)));

    /// <summary>How far back (in document ids) the body window looks first.</summary>
    private const long FirstSpan = 8_000;

    /// <summary>A word expected in fewer documents than this is looked up in all of them at once, without an id range.</summary>
    private const long AllAtOnce = 4 * Window;

    /// <summary>
    /// How long the share of the newest documents a query matched for some viewers (their visibility SQL) sizes its next
    /// first range (or skips it, for a rare query). An estimate only; a range too narrow is widened as without it.
    /// </summary>
    private static readonly TimeSpan DensityLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The newest document id, read at most every two seconds: a range from an older figure only reaches
    /// further (ids grow), so the window is the same; it saves a statement per search.
    /// </summary>
    private Task<long> NewestAsync(FoyerDbContext db, CancellationToken cancellationToken) =>
        KeptValueAsync(db, "search-newest", "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"SearchDocuments\"", r => r.GetInt64(0), TimeSpan.FromSeconds(2), cancellationToken);

    /// <summary>One value read by <paramref name="sql"/>, kept in <see cref="SearchEngineBase.Figures"/> for <paramref name="lifetime"/>.</summary>
    private async Task<T> KeptValueAsync<T>(FoyerDbContext db, string kind, string sql, Func<DbDataReader, T> read, TimeSpan lifetime,
        CancellationToken cancellationToken)
    {
        if (Figures.TryGet(kind, "", out T known)) return known;
        var value = (await QueryAsync(db, sql, [], read, cancellationToken))[0];
        Figures.Set(kind, "", value, lifetime);
        return value;
    }

    /// <summary>
    /// The body window is the newest matches the viewer may see. A common word has them among the newest documents, so
    /// the match is combined with a range of the newest ids (<see cref="NewestAsync"/>), in the same GIN index (migration
    /// AddSearchIdToFullTextIndex): the index reads the part of the word's posting list in that range, and only those
    /// rows are visited. The range starts small; when it holds too few, the next is as wide as the share of matches
    /// found says is needed (at least twice, at most 64 times wider), or, when the query is rare enough, the whole
    /// table without a range (a range costs in proportion to its width). The result is the same window either way.
    /// Title matches are few; they come from their own tsvector and index, in the same round trip. Only the newest
    /// <see cref="SearchEngineBase.RankWindow"/> rows of the window are ranked (ts_rank reads each row's whole
    /// tsvector); the count and, for deep pages, the ids of the rest come from the same statement.
    /// </summary>
    /// <remarks>
    /// The planner is told not to use plain index scans for these statements: it would walk the primary key through the
    /// range (or backwards, for the ORDER BY) and test the match row by row, decompressing every document's tsvector
    /// (51 ms instead of 3.5 for a common word over 10,000 ids once the table's statistics were fresh). The setting is
    /// reset right after them (and Npgsql discards session settings when a connection goes back to its pool, should a
    /// statement fail).
    /// </remarks>
    private async Task<(List<SearchRow> Rows, int Total)> SearchCoreAsync(FoyerDbContext db, string match, string visible,
        List<KeyValuePair<string, object>> parameters, bool oneWord, int skip, int take, int window, CancellationToken cancellationToken)
    {
        if (window == 1) return await AnyAsync(db, match, visible, parameters, take, cancellationToken);
        var rest = NeedsRest(skip, take);
        var rows = rest ? window : RankWindow;
        // "Id" + 0: sorting the few rows found beats walking the primary key backwards through every row. One window
        // over the sorted rows (named k, so that it needs no second sort) numbers them, counts them and finds the oldest
        // one, whose id says how dense the matches were. The rank is computed outside the sort, for the rows returned only.
        string Body(bool ranged) => $"""
            SELECT "Id", "UpdatedAt", CASE WHEN n <= {RankWindow} THEN ts_rank("Search", to_tsquery('simple', @match)) END, total, 1, lowest FROM (
                SELECT w.*, row_number() OVER f AS n, count(*) OVER f AS total, min(w.k) OVER f AS lowest FROM (
                    SELECT d."Id", d."Id" + 0 AS k, d."UpdatedAt", d."Search" FROM "SearchDocuments" AS d
                    WHERE {match}{(ranged ? " AND d.\"Id\" > @floor" : "")} AND {visible}
                    ORDER BY k DESC LIMIT {window}) AS w
                WINDOW f AS (ORDER BY w.k DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS x
            WHERE n <= {rows};
            """;
        // A title match is ranked by its title (weighted as in "Search"): the whole text's tsvector of a long page is
        // stored apart (TOAST) and costs ten times as much to read. Among the newest matches it has its full rank too.
        // With the RUM index (migration AddSearchTitleOrderIndex) the title matches come newest first and the scan stops
        // at the window; "Id" <=| max orders by the id attached to each entry, which only that index can do. Plain index
        // scans are allowed again for it (the RESET before it). For one word only: RUM sorts every entry's documents by
        // id before it intersects them, so for several words, each in thousands of titles but together in a few, GIN's
        // intersection is cheaper (0.7 instead of 2-2.5 ms for "Probe Hauptbühne" in a million documents).
        var titleOrder = oneWord && await TitleOrderAsync(db, cancellationToken);
        var title = $"""
            {(titleOrder ? "RESET enable_indexscan;" : "")}
            SELECT w."Id", w."UpdatedAt", ts_rank(setweight(w."TitleSearch", 'A'), to_tsquery('simple', @match)), 0, 0 FROM (
                SELECT d."Id", d."UpdatedAt", d."TitleSearch" FROM "SearchDocuments" AS d
                WHERE d."TitleSearch" @@ to_tsquery('simple', @match){(titleOrder ? " AND d.\"TitleTerms\" <> ''" : "")} AND {visible}
                ORDER BY {(titleOrder ? "d.\"Id\" <=| CAST(9223372036854775807 AS bigint)" : "d.\"Id\" + 0 DESC")} LIMIT {TitleWindow}) AS w;
            """;
        var newest = await NewestAsync(db, cancellationToken);
        var densityKey = ((string)parameters[0].Value, AudienceKey(visible, parameters));
        var span = FirstSpan;
        if (Figures.TryGet("search-density", densityKey, out double density))
        {
            // The share of the newest documents this query found for these viewers last time sizes the first range.
            span = density * newest < AllAtOnce ? long.MaxValue : (long)Math.Clamp(Math.Ceiling(1.25 * window / density), FirstSpan / 4, long.MaxValue / 2);
        }
        var first = true;
        List<(long Id, DateTime Updated, double? Score, long Total, int Source, long Lowest)> found;
        List<Candidate> titles = [];
        while (true)
        {
            var ranged = span < newest;
            var sql = $"SET enable_indexscan = off; SET plan_cache_mode = force_generic_plan;\n{Body(ranged)}\n{(first ? title : "")}\nRESET enable_indexscan; RESET plan_cache_mode;";
            var all = await QueryAsync(db, sql, ranged ? [.. parameters, new("@floor", newest - span)] : parameters,
                r => (Id: r.GetInt64(0), Updated: r.IsDBNull(1) ? default : r.GetDateTime(1), Score: r.IsDBNull(2) ? (double?)null : r.GetFloat(2),
                    Total: r.GetInt64(3), Source: r.GetInt32(4), Lowest: r.FieldCount > 5 ? r.GetInt64(5) : 0),
                cancellationToken);
            found = all.Where(x => x.Source == 1).ToList();
            if (first)
            {
                titles = all.Where(x => x.Source == 0).Select(x => new Candidate(x.Id, x.Updated, x.Score ?? 0)).ToList();
                first = false;
            }
            // The density of this query among the newest ids: the visible matches per id of the range, or, when the
            // window filled before the range ended, of the part of it the window covers.
            var inRange = found.Count == 0 ? 0 : found[0].Total;
            var covered = inRange >= window ? newest - found[0].Lowest + 1 : Math.Min(span, newest);
            Figures.Set("search-density", densityKey, (double)inRange / Math.Max(1, covered), DensityLifetime);
            if (inRange >= window || !ranged) break;
            // Few matches in a narrow range say little: the whole table is searched only on the word of a range as wide
            // as the first one (a common word read everywhere costs a hundred times its window).
            var expected = (double)inRange / span * newest;
            if (expected < AllAtOnce && span >= FirstSpan) { span = long.MaxValue; continue; }
            var factor = inRange == 0 ? 8 : Math.Clamp((long)Math.Ceiling(1.3 * window / inRange), 2, 64);
            span = span > newest / factor ? long.MaxValue : span * factor;
        }
        var total = found.Count == 0 ? 0 : (int)found[0].Total;
        var ranked = found.Where(x => x.Score is not null).Select(x => new Candidate(x.Id, x.Updated, x.Score!.Value)).Concat(titles).ToList();
        if (ranked.Count == 0) return ([], total);
        return await PageAsync(db, ranked, found.Where(x => x.Score is null).Select(x => new Candidate(x.Id, x.Updated, 0)).ToList(), total, lowerIsBetter: false,
            skip, take, cancellationToken);
    }

    /// <summary>
    /// Whether the database has the RUM index of titles (migration AddSearchTitleOrderIndex: only where the rum extension
    /// could be created), looked up every five minutes: an index created or dropped later is used or left soon after.
    /// </summary>
    private Task<bool> TitleOrderAsync(FoyerDbContext db, CancellationToken cancellationToken) =>
        KeptValueAsync(db, "search-title-order", "SELECT to_regclass('\"IX_SearchDocuments_TitleOrder\"') IS NOT NULL", r => r.GetBoolean(0),
            TimeSpan.FromMinutes(5), cancellationToken);

    /// <summary>
    /// Whether anything matches ("did you mean" checks its correction): the newest documents first, where a common word
    /// is, then all of them; no order, no count, no rank, and the first visible match ends the scan. A plain or
    /// sequential scan would test the words row by row from one end of the table (seconds for a rare word).
    /// </summary>
    private async Task<(List<SearchRow> Rows, int Total)> AnyAsync(FoyerDbContext db, string match, string visible,
        List<KeyValuePair<string, object>> parameters, int take, CancellationToken cancellationToken)
    {
        // A range costs in proportion to its width (every id in it is read from the GIN index), a whole common word's
        // list more: the first range is as wide as the query's density among the newest documents says a few matches need
        // (known when the word was searched for), eight times wider after each miss, then everything.
        var newest = await NewestAsync(db, cancellationToken);
        long span = FirstSpan;
        if (Figures.TryGet("search-density", ((string)parameters[0].Value, AudienceKey(visible, parameters)), out double density) && density > 0)
        {
            span = (long)Math.Clamp(Math.Ceiling(4 / density), 500, long.MaxValue / 2);
        }
        while (true)
        {
            var ranged = span < newest;
            var sql = $"""
                SET enable_indexscan = off; SET enable_seqscan = off;
                SELECT d."Id", d."UpdatedAt" FROM "SearchDocuments" AS d
                WHERE {match}{(ranged ? " AND d.\"Id\" > @floor" : "")} AND {visible} LIMIT 1;
                RESET enable_indexscan; RESET enable_seqscan;
                """;
            var found = await QueryAsync(db, sql, ranged ? [.. parameters, new("@floor", newest - span)] : parameters,
                r => new Candidate(r.GetInt64(0), r.GetDateTime(1), 0), cancellationToken);
            if (found.Count > 0) return await PageAsync(db, found, [], 1, lowerIsBetter: false, 0, take, cancellationToken);
            if (!ranged) break;
            span = span > newest / 8 ? long.MaxValue : span * 8;
        }
        return ([], 0);
    }

    /// <summary>
    /// A rebuild inserted every document: VACUUM merges the GIN indexes' pending lists (which every search would read
    /// through otherwise) and marks the pages all-visible, ANALYZE gives the planner the new figures. Outside any
    /// transaction, as VACUUM must be.
    /// </summary>
    public override async Task RebuiltAsync(FoyerDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null) return;
        await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) \"SearchDocuments\"", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) \"SearchTerms\"", cancellationToken);
    }

    /// <summary>The tsquery: every lexeme quoted (user text never reaches the tsquery syntax), prefixes with :*.</summary>
    public static string TsQuery(EngineQuery query)
    {
        var parts = new List<string>();
        foreach (var g in query.Groups)
        {
            var alternatives = g.Prefixes.Select(p => Quote(p) + ":*").Concat(g.Exact.Select(Quote)).ToList();
            parts.Add(alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" | ", alternatives) + ")");
        }
        foreach (var phrase in query.Phrases) parts.Add("(" + string.Join(" <-> ", phrase.Select(Quote)) + ")");
        foreach (var ex in query.Excluded) parts.Add("!" + Quote(ex) + ":*");
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
