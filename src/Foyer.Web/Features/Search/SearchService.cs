using System.Globalization;
using System.Net;
using System.Text;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Search;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Search;

public sealed record SearchHit(SearchKind Kind, long SourceId, string Path, string TitleHtml, string SnippetHtml, string? SpaceName,
    string? AuthorName, DateTime CreatedAt);

public sealed class SearchResults
{
    public SearchQuery Query { get; init; } = SearchQuery.Parse("");
    public IReadOnlyList<SearchHit> Hits { get; init; } = [];
    /// <summary>How many the viewer may see, counted up to <see cref="SearchService.CountLimit"/>.</summary>
    public int Total { get; init; }
    public bool TotalIsLowerBound { get; init; }
    public int Page { get; init; } = 1;
    public bool HasMore { get; init; }
    /// <summary>A query with the spelling corrected, offered only if it finds something the viewer may see.</summary>
    public string? Suggestion { get; init; }
}

/// <summary>
/// The one search: parses the query, finds compounds in the vocabulary, asks the database's engine with the viewer's
/// audience inside the query, and writes highlighted snippets. Every figure it returns (hits, count, suggestion) comes
/// from a query the audience filter applied to.
/// </summary>
public sealed class SearchService(FoyerDbContext db, ISearchEngine engine, AudienceCache cache, TimeProvider time,
    Foyer.Data.Sqlite.SqlitePreparedReads? preparedReads = null)
{
    public const int PageSize = 20;
    public const int CountLimit = 1000;
    public const int MaxPage = 50;
    private const int MaxCompounds = 24;
    private const int MaxPrefixTerms = 32;

    public async Task<SearchResults> SearchAsync(Viewer viewer, string? text, SearchFilters filters, int page = 1, CancellationToken cancellationToken = default)
    {
        var query = SearchQuery.Parse(text);
        page = Math.Clamp(page, 1, MaxPage);
        if (query.IsEmpty || viewer.IsAnonymous) return new SearchResults { Query = query };
        await using var connection = await OneConnectionAsync(cancellationToken);
        var scope = await ScopeAsync(viewer);
        var (engineQuery, highlight) = await PrepareAsync(query, cancellationToken);
        var (rows, total) = await engine.SearchAsync(db, engineQuery, scope, filters, (page - 1) * PageSize, PageSize + 1, CountLimit + 1, cancellationToken);
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        string? suggestion = null;
        if (total == 0) suggestion = await SuggestAsync(query, scope, filters, cancellationToken);
        return new SearchResults
        {
            Query = query, Hits = await DecorateAsync(rows, highlight), Total = Math.Min(total, CountLimit), TotalIsLowerBound = total > CountLimit,
            Page = page, HasMore = hasMore && page < MaxPage, Suggestion = suggestion,
        };
    }

    public sealed record Suggestion(SearchKind Kind, string Title, string Path);

    /// <summary>The best few hits while typing: no compounds, no count, no spelling; the same audience inside the query.</summary>
    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(Viewer viewer, string? text, int take, CancellationToken cancellationToken = default)
    {
        var query = SearchQuery.Parse(text);
        if (query.IsEmpty || viewer.IsAnonymous) return [];
        await using var connection = await OneConnectionAsync(cancellationToken);
        var scope = await ScopeAsync(viewer);
        var (engineQuery, _) = await PrepareAsync(query, cancellationToken, compounds: false);
        var (rows, _) = await engine.SearchAsync(db, engineQuery, scope, new SearchFilters(), 0, take, 0, cancellationToken);
        return rows.Select(r => new Suggestion(r.Kind, r.Title.Length > 0 ? r.Title : Shorten(r.Body), r.Path)).ToList();
    }

    /// <summary>
    /// A search runs several statements (vocabulary, windows, page); on a database server they share one pooled
    /// connection, opened once, instead of taking it from the pool and resetting it for each. SQLite reads have their own.
    /// </summary>
    private async Task<HeldConnection> OneConnectionAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite()) return new HeldConnection(null);
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new HeldConnection(db);
    }

    /// <summary>Closes what <see cref="OneConnectionAsync"/> opened (EF counts the opens: inner reads leave it open).</summary>
    private readonly struct HeldConnection(FoyerDbContext? db) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => db is null ? ValueTask.CompletedTask : new ValueTask(db.Database.CloseConnectionAsync());
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= 80 ? text : text[..80].TrimEnd() + "…";
    }

    /// <summary>What the viewer may find, from the audience filter; cached with the audience (memberships change it).</summary>
    public async Task<SearchScope> ScopeAsync(Viewer viewer)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (readable, listable, people) = await cache.GetOrCreateAsync("search-scope", viewer.UserId, async () =>
        {
            var readable = await db.Spaces.AsNoTracking().ReadableBy(viewer).Select(s => s.Id).ToListAsync();
            var listable = await db.Spaces.AsNoTracking().ListableBy(viewer).Select(s => s.Id).ToListAsync();
            var people = viewer.IsGuest
                ? await db.Users.AsNoTracking().VisibleTo(db, viewer).Select(u => u.Id).ToListAsync()
                : await db.Users.AsNoTracking().VisibleTo(db, viewer).Where(u => u.Role == OrgRole.Guest).Select(u => u.Id).ToListAsync();
            return (readable, listable, people);
        });
        return new SearchScope(readable, listable, viewer.IsOrgMember, people, now);
    }

    private sealed record Highlight(IReadOnlyList<string> Prefixes, IReadOnlySet<string> Exact)
    {
        /// <summary>The first letters of every term and prefix: words starting otherwise cannot match.</summary>
        public IReadOnlySet<char> FirstLetters { get; } = Exact.Concat(Prefixes).Where(t => t.Length > 0).Select(t => t[0]).ToHashSet();
    }

    private async Task<(EngineQuery, Highlight)> PrepareAsync(SearchQuery query, CancellationToken cancellationToken, bool compounds = true)
    {
        var groups = new List<TermGroup>();
        var prefixes = new List<string>();
        var exact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in query.Words)
        {
            var terms = await ExpandAsync(word, compounds, cancellationToken);
            groups.Add(new TermGroup([], terms));
            prefixes.Add(PrefixOf(word));
            exact.UnionWith(terms);
        }
        var phrases = query.Phrases.Select(p => (IReadOnlyList<string>)p.Select(w => w.Term).ToList()).ToList();
        foreach (var p in phrases) exact.UnionWith(p);
        return (new EngineQuery(groups, phrases, query.Excluded.Select(w => w.Term).ToList()), new Highlight(prefixes, exact));
    }

    /// <summary>
    /// The terms a query word stands for, from the vocabulary: its own, those of the words that begin with it ("probe" →
    /// "probenplan", as a prefix would, but as exact terms, which the full-text indexes read lazily: a prefix makes them
    /// merge every matching list first; not "problem", which only shares the short stem "prob"), and the compounds
    /// its stem is part of: anywhere for six letters and more ("projek" in "kooperationsprojek"), at the end for shorter
    /// ones, where German compounds keep their head ("oper" in "staatsoper", not in "kooperation").
    /// </summary>
    private async Task<List<string>> ExpandAsync(QueryWord word, bool compounds, CancellationToken cancellationToken)
    {
        var term = word.Term;
        var terms = new List<string> { term };
        if (term.Length < 3 || !term.Any(char.IsLetter)) return terms;
        var found = await engine.VocabularyAsync(db, term, 400, cancellationToken);
        var typed = PrefixOf(word);
        terms.AddRange(found.Where(t => t.Folded.StartsWith(typed, StringComparison.Ordinal) || t.Term.StartsWith(typed, StringComparison.Ordinal))
            .Select(t => t.Term).Where(t => t != term).Distinct().Take(MaxPrefixTerms));
        if (compounds && term.Length >= 4)
        {
            terms.AddRange(found.Where(t => !t.Folded.StartsWith(term, StringComparison.Ordinal) &&
                    (term.Length >= 6 ? t.Folded.Contains(term, StringComparison.Ordinal) : EndsWithin(t.Folded, term)))
                .Select(t => t.Term).Distinct().Take(MaxCompounds));
        }
        return terms.Distinct().ToList();
    }

    /// <summary>
    /// How the words a query word stands for begin: as it does, allowing for an ending of up to two letters ("tickets" →
    /// "ticketverkauf", "orchester" → "orchestra"), never on fewer than five letters ("probe" → "probenplan", not
    /// "problem": the stem "prob" would be too general a start). Expansion and highlighting use the same.
    /// </summary>
    private static string PrefixOf(QueryWord word)
    {
        var folded = word.Folded;
        return folded.Length <= 5 ? folded : folded[..Math.Max(5, folded.Length - 2)];
    }

    /// <summary>"staatsoper" ends in "oper"; "staatsopern" too (an inflection of at most two letters may follow).</summary>
    private static bool EndsWithin(string folded, string part)
    {
        var at = folded.LastIndexOf(part, StringComparison.Ordinal);
        return at > 0 && folded.Length - (at + part.Length) <= 2;
    }

    /// <summary>
    /// "Did you mean": each word of four letters or more replaced by the closest word of the vocabulary (one typo for
    /// short words, two for longer ones), offered only if the corrected query finds something this viewer may see;
    /// otherwise a word that only occurs in a secret space could show through a suggestion.
    /// </summary>
    private async Task<string?> SuggestAsync(SearchQuery query, SearchScope scope, SearchFilters filters, CancellationToken cancellationToken)
    {
        var replacements = new Dictionary<QueryWord, string>();
        foreach (var word in query.Words)
        {
            if (word.Folded.Length < 4) continue;
            var similar = await engine.SimilarAsync(db, word.Folded, 5, cancellationToken);
            var allowed = word.Folded.Length <= 5 ? 1 : 2;
            var best = similar.FirstOrDefault(s => s.Term != word.Term && SearchEngineBase.Distance(word.Folded, s.Folded) <= allowed);
            if (best.Word is not null) replacements[word] = best.Word;
        }
        if (replacements.Count == 0) return null;
        var suggestion = query.Rewrite(replacements);
        var corrected = SearchQuery.Parse(suggestion);
        if (corrected.IsEmpty) return null;
        var (engineQuery, _) = await PrepareAsync(corrected, cancellationToken);
        // Nothing to show, only whether there is something: no page, a window of one.
        var (_, total) = await engine.SearchAsync(db, engineQuery, scope, filters, 0, 0, 1, cancellationToken);
        return total > 0 ? suggestion : null;
    }

    private async Task<List<SearchHit>> DecorateAsync(List<SearchRow> rows, Highlight highlight)
    {
        var hits = new List<SearchHit>(rows.Count);
        var deeper = new List<int>();
        foreach (var r in rows)
        {
            var title = Mark(r.Title, highlight, int.MaxValue);
            // A page found by its title shows the start of its text if the words are not near the top: reading all of a
            // long page for them would cost more than the rest of the search.
            var wholeText = !title.Contains("<mark>", StringComparison.Ordinal);
            var snippet = Snippet(r.Body, highlight, wholeText, r.BodyCut, out var matched);
            // Only the start of a long text was read: the rest is read if the words are further down.
            if (!matched && wholeText && r.BodyCut) deeper.Add(hits.Count);
            hits.Add(new SearchHit(r.Kind, r.SourceId, r.Path, title, snippet, r.SpaceName, r.AuthorName, r.CreatedAt));
        }
        if (deeper.Count > 0)
        {
            var texts = (await HandWrittenReads.ReadAsync(db, preparedReads,
                    $"SELECT \"Id\", \"Body\" FROM \"SearchDocuments\" WHERE \"Id\" IN ({string.Join(", ", deeper.Select(i => rows[i].Id.ToString(CultureInfo.InvariantCulture)))})",
                    [], r => (Id: r.GetInt64(0), Body: r.GetString(1)), keep: false))
                .ToDictionary(x => x.Id, x => x.Body);
            foreach (var i in deeper)
            {
                if (texts.TryGetValue(rows[i].Id, out var text)) hits[i] = hits[i] with { SnippetHtml = Snippet(text, highlight, true, false, out _) };
            }
        }
        return hits;
    }

    private static bool Matches(AnalysedWord w, Highlight h) =>
        h.Exact.Contains(w.Term) || h.Prefixes.Any(p => w.Folded.StartsWith(p, StringComparison.Ordinal) || w.Term.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The text, encoded, with the matching words in &lt;mark&gt; (at most <paramref name="max"/> characters).</summary>
    private static string Mark(string text, Highlight h, int max)
    {
        if (text.Length > max) text = text[..max];
        var sb = new StringBuilder();
        var at = 0;
        foreach (var w in SearchAnalyzer.WordsStartingWith(text, h.FirstLetters))
        {
            if (!Matches(w, h)) continue;
            sb.Append(WebUtility.HtmlEncode(text[at..w.Start])).Append("<mark>").Append(WebUtility.HtmlEncode(text.Substring(w.Start, w.Length))).Append("</mark>");
            at = w.Start + w.Length;
        }
        sb.Append(WebUtility.HtmlEncode(text[at..]));
        return sb.ToString();
    }

    /// <summary>
    /// About 240 characters around the first match, on word boundaries, with the matches marked. With
    /// <paramref name="wholeText"/> false (the title matched already) only the top of the text is looked through.
    /// </summary>
    private static string Snippet(string body, Highlight h, bool wholeText, bool more, out bool matched)
    {
        const int Length = 240;
        matched = false;
        if (string.IsNullOrEmpty(body)) return "";
        // The first match is nearly always near the top: look there first, and through the whole text (up to 20,000
        // characters, each word folded and stemmed) only if not.
        const int Head = 3000;
        var first = SearchAnalyzer.WordsStartingWith(body.Length > Head ? body[..Head] : body, h.FirstLetters).FirstOrDefault(w => Matches(w, h));
        if (first.Length == 0 && body.Length > Head && wholeText)
        {
            first = SearchAnalyzer.WordsStartingWith(body, h.FirstLetters).FirstOrDefault(w => w.Start + w.Length > Head - 64 && Matches(w, h));
        }
        matched = first.Length > 0;
        var start = matched ? Math.Max(0, first.Start - 60) : 0;
        if (start > 0)
        {
            var space = body.IndexOf(' ', start);
            start = space >= 0 && space < first.Start ? space + 1 : start;
        }
        var end = Math.Min(body.Length, start + Length);
        if (end < body.Length)
        {
            var space = body.LastIndexOf(' ', end);
            if (space > start + Length / 2) end = space;
        }
        var piece = body[start..end].ReplaceLineEndings(" ");
        return (start > 0 ? "… " : "") + Mark(piece, h, int.MaxValue) + (end < body.Length || more ? " …" : "");
    }
}
