using Foyer.Data;
using Foyer.Data.Search;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Foyer.Web.Infrastructure.Database;

namespace Foyer.Web.Features.Search;

/// <summary>
/// Writes documents into the search index: loads them from their source, analyses their text, upserts or removes them
/// and adds new words to the vocabulary. Used by the outbox (a change is findable a moment after it is saved) and by
/// the rebuild.
/// </summary>
public sealed class SearchIndexer(FoyerDbContext db, IEnumerable<ISearchSource> sources, ISearchEngine engine)
{
    public const string Topic = "search.index";

    public ISearchSource Source(SearchKind kind) => sources.FirstOrDefault(s => s.Kind == kind)
        ?? throw new InvalidOperationException($"no search source for {kind}");

    public IEnumerable<ISearchSource> Sources => sources;

    /// <summary>Indexes these documents again (removing those that are no longer findable), and the files attached to them.</summary>
    public async Task<int> IndexAsync(SearchKind kind, IReadOnlyCollection<long> ids, CancellationToken cancellationToken, bool withFiles = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IndexOnceAsync(kind, ids, withFiles, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another indexer wrote the same document a moment earlier (two nodes, or the dispatcher and a rebuild):
                // read again and update what it wrote.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<int> IndexOnceAsync(SearchKind kind, IReadOnlyCollection<long> ids, bool withFiles, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return 0;
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var fresh = await Source(kind).LoadAsync(db, ids, cancellationToken);
        var existing = await db.SearchDocuments.Where(d => d.Kind == kind && ids.Contains(d.SourceId)).ToDictionaryAsync(d => d.SourceId, cancellationToken);
        var before = new List<SearchDocument>();
        var words = new Dictionary<string, (string Folded, string Word)>(StringComparer.Ordinal);
        foreach (var doc in fresh)
        {
            Analyse(doc, words);
            if (existing.Remove(doc.SourceId, out var old))
            {
                before.Add(new SearchDocument { Id = old.Id, TitleTerms = old.TitleTerms, BodyTerms = old.BodyTerms });
                doc.Id = old.Id;
                db.Entry(old).CurrentValues.SetValues(doc);
            }
            else
            {
                db.SearchDocuments.Add(doc);
            }
        }
        before.AddRange(existing.Values.Select(old => new SearchDocument { Id = old.Id, TitleTerms = old.TitleTerms, BodyTerms = old.BodyTerms }));
        db.SearchDocuments.RemoveRange(existing.Values);
        var added = await AddWordsAsync(words, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await engine.DocumentsWrittenAsync(db, before, fresh, cancellationToken);
        await engine.TermsAddedAsync(db, added, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (!withFiles) return fresh.Count;
        var files = await FileSearchSource.OfOwnersAsync(db, kind, ids, cancellationToken);
        if (files.Count > 0) await IndexAsync(SearchKind.File, files, cancellationToken);
        return fresh.Count;
    }

    /// <summary>What depends on a post, article or space: its comments, or (for a space) the addresses of its pages and articles.</summary>
    public async Task IndexThreadAsync(SearchKind kind, long id, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case SearchKind.Post:
                await IndexAsync(SearchKind.Comment, await db.Comments.Where(c => c.PostId == id).Select(c => c.Id).ToListAsync(cancellationToken), cancellationToken);
                break;
            case SearchKind.Article:
                await IndexAsync(SearchKind.ArticleComment, await db.ArticleComments.Where(c => c.ArticleId == id).Select(c => c.Id).ToListAsync(cancellationToken), cancellationToken);
                break;
            case SearchKind.Space:
                var pages = await db.WikiPages.Where(p => p.SpaceId == id).Select(p => p.Id).ToListAsync(cancellationToken);
                foreach (var chunk in pages.Chunk(500)) await IndexAsync(SearchKind.WikiPage, chunk, cancellationToken);
                var articles = await db.Articles.Where(a => a.Blog!.SpaceId == id).Select(a => a.Id).ToListAsync(cancellationToken);
                foreach (var chunk in articles.Chunk(500)) await IndexAsync(SearchKind.Article, chunk, cancellationToken);
                foreach (var article in articles) await IndexThreadAsync(SearchKind.Article, article, cancellationToken);
                break;
        }
    }

    private static void Analyse(SearchDocument doc, Dictionary<string, (string Folded, string Word)> words)
    {
        doc.Body = SearchText.Cut(doc.Body);
        if (doc.Title.Length > 500) doc.Title = doc.Title[..500];
        doc.TitleTerms = Terms(doc.Title, words);
        doc.BodyTerms = Terms(doc.Body + " " + doc.Tags, words);
    }

    /// <summary>The text's terms; new ones go into <paramref name="words"/> with the word as written (lower case), to show in suggestions.</summary>
    private static string Terms(string text, Dictionary<string, (string Folded, string Word)> words)
    {
        var analysed = SearchAnalyzer.Words(text);
        foreach (var w in analysed)
        {
            if (w.Term.Length is >= 3 and <= 100 && w.Length <= 100 && w.Folded.Length <= 100 && w.Term.Any(char.IsLetter))
            {
                words.TryAdd(w.Term, (w.Folded, text.Substring(w.Start, w.Length).ToLowerInvariant()));
            }
        }
        return string.Join(' ', analysed.Select(w => w.Term));
    }

    /// <summary>
    /// Adds the words the vocabulary does not know yet. Two indexers may meet the same new word at once (two nodes, or
    /// the dispatcher and a rebuild): "on conflict do nothing" lets both succeed.
    /// </summary>
    private async Task<List<SearchTerm>> AddWordsAsync(Dictionary<string, (string Folded, string Word)> words, CancellationToken cancellationToken)
    {
        var added = new List<SearchTerm>();
        if (words.Count == 0) return added;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in words.Keys.Chunk(500))
        {
            known.UnionWith(await db.SearchTerms.Where(t => chunk.Contains(t.Term)).Select(t => t.Term).ToListAsync(cancellationToken));
        }
        var fresh = words.Where(w => !known.Contains(w.Key)).ToList();
        if (fresh.Count == 0) return added;
        var connection = db.Database.GetDbConnection();
        foreach (var chunk in fresh.Chunk(200))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var sql = new System.Text.StringBuilder("INSERT INTO \"SearchTerms\" (\"Term\", \"Folded\", \"Word\") VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                if (i > 0) sql.Append(", ");
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"(@t{i}, @f{i}, @w{i})");
                command.AddParameter($"@t{i}", chunk[i].Key);
                command.AddParameter($"@f{i}", chunk[i].Value.Folded);
                command.AddParameter($"@w{i}", chunk[i].Value.Word);
            }
            // Only the rows this statement inserted come back: a word another indexer added a moment ago is not added twice.
            sql.Append(" ON CONFLICT (\"Term\") DO NOTHING RETURNING \"Id\", \"Term\", \"Folded\", \"Word\"");
            command.CommandText = sql.ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                added.Add(new SearchTerm { Id = reader.GetInt64(0), Term = reader.GetString(1), Folded = reader.GetString(2), Word = reader.GetString(3) });
            }
        }
        return added;
    }

    /// <summary>
    /// Empties the index and builds it again from the database, kind by kind in batches, reporting progress
    /// (kind, documents so far). Search keeps working meanwhile, with fewer results until it is done.
    /// </summary>
    public async Task<int> RebuildAsync(Action<SearchKind, int>? progress, CancellationToken cancellationToken, int batch = 500)
    {
        await db.SearchDocuments.ExecuteDeleteAsync(cancellationToken);
        await db.SearchTerms.ExecuteDeleteAsync(cancellationToken);
        await engine.ClearedAsync(db, cancellationToken);
        var total = 0;
        foreach (var source in sources.OrderBy(s => s.Kind))
        {
            long after = 0;
            var done = 0;
            while (true)
            {
                var ids = await source.IdsAfterAsync(db, after, batch, cancellationToken);
                if (ids.Count == 0) break;
                done += await IndexAsync(source.Kind, ids, cancellationToken, withFiles: false);
                after = ids[^1];
                progress?.Invoke(source.Kind, done);
            }
            total += done;
        }
        await engine.RebuiltAsync(db, cancellationToken);
        return total;
    }
}

/// <summary>The outbox's search topic: payload "Kind:Id" or "Kind:Id:thread".</summary>
public sealed class SearchIndexHandler(SearchIndexer indexer) : IOutboxHandler
{
    public string Topic => SearchIndexer.Topic;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        if (parts.Length < 2 || !Enum.TryParse<SearchKind>(parts[0], out var kind) || !long.TryParse(parts[1], out var id))
        {
            throw new FormatException($"not a search index payload: '{payload}'");
        }
        await indexer.IndexAsync(kind, [id], cancellationToken);
        if (parts.Length > 2 && parts[2] == "thread") await indexer.IndexThreadAsync(kind, id, cancellationToken);
    }
}

/// <summary>The outbox's "search.rebuild" topic: queued by the migration that adds search, so existing content becomes findable.</summary>
public sealed class SearchRebuildHandler(SearchIndexer indexer, ILogger<SearchRebuildHandler> log) : IOutboxHandler
{
    public const string TopicName = "search.rebuild";

    public string Topic => TopicName;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var total = await indexer.RebuildAsync(null, cancellationToken);
        log.LogInformation("Search index rebuilt: {Documents} documents", total);
    }
}
