using System.Data.Common;
using System.Runtime.CompilerServices;
using Foyer.Data;
using Foyer.Data.Outbox;
using Foyer.Data.Search;
using Foyer.Web.Infrastructure.Database;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Foyer.Web.Features.Search;

/// <summary>
/// Keeps the search index in step with every save, whatever page or job made it: what became unfindable (deleted,
/// hidden, a draft again) leaves the index in the same moment, on the same connection and transaction, and everything
/// that changed is queued in the outbox for indexing (docs/adr/0007). The changes are noted before the save, while EF
/// still knows what was modified, and written after it, when new rows have their ids.
/// </summary>
public sealed class SearchIndexInterceptor(IEnumerable<ISearchSource> sources, SearchQueue queue) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<EntityChange>> _pending = [];
    private readonly ISearchSource[] _sources = sources.ToArray();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WriteAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await WriteAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is not null) _pending.Remove(eventData.Context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null) _pending.Remove(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not FoyerDbContext) return;
        List<EntityChange>? changes = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            // The index's own rows and the outbox are not content.
            if (entry.Entity is SearchDocument or SearchTerm or OutboxMessage) continue;
            var modified = entry.State == EntityState.Modified
                ? entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal)
                : (IReadOnlySet<string>)new HashSet<string>();
            (changes ??= []).Add(new EntityChange(entry.Entity, entry.State, modified));
        }
        if (changes is null) return;
        if (_pending.TryGetValue(context, out var earlier)) earlier.AddRange(changes);
        else _pending.Add(context, changes);
    }

    private async Task WriteAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is not FoyerDbContext db || !_pending.TryGetValue(db, out var changes)) return;
        _pending.Remove(db);
        var work = new HashSet<SearchChange>();
        foreach (var change in changes)
        {
            foreach (var source in _sources)
            {
                foreach (var c in source.Changes(change)) work.Add(c);
            }
        }
        await queue.WriteAsync(db, work, cancellationToken);
    }
}

/// <summary>
/// Puts search work on EF's connection (and transaction, if one is open): removes what is gone at once and queues the
/// rest in the outbox. The interceptor uses it for every save; code that changes content with ExecuteUpdate (which
/// bypasses the change tracker) calls it itself.
/// </summary>
public sealed class SearchQueue(TimeProvider time, OutboxSignal signal)
{
    /// <summary>The application's queue, found through the context (for static helpers that have no services).</summary>
    public static SearchQueue For(FoyerDbContext db) =>
        ((IInfrastructure<IServiceProvider>)db).GetService<IDbContextOptions>()
            .FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<SearchQueue>()
        ?? throw new InvalidOperationException("The search queue is not registered with the application's services.");

    public Task WriteAsync(FoyerDbContext db, params SearchChange[] changes) => WriteAsync(db, changes, CancellationToken.None);

    public async Task WriteAsync(FoyerDbContext db, IEnumerable<SearchChange> changes, CancellationToken cancellationToken)
    {
        var work = changes.Distinct().ToList();
        if (work.Count == 0) return;
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var sqlite = db.Database.IsSqlite();
            foreach (var c in work)
            {
                if (c.Gone)
                {
                    // A deleted post takes its comments and files with it; an article back to draft its comments.
                    var withThread = c.Thread && c.Kind is SearchKind.Post or SearchKind.Article;
                    var where = withThread
                        ? """ ("ThreadId" = @id AND "Kind" IN (@a, @b)) OR ("Kind" = @kind AND "SourceId" = @id) """
                        : """ "Kind" = @kind AND "SourceId" = @id """;
                    var parameters = new (string, object)[]
                    {
                        ("@kind", (int)c.Kind), ("@id", c.Id), ("@a", (int)(c.Kind == SearchKind.Post ? SearchKind.Comment : SearchKind.ArticleComment)),
                        ("@b", (int)SearchKind.File),
                    };
                    if (sqlite)
                    {
                        // SQLite's full-text index keeps its own copy of the terms: take them out first.
                        await ExecuteAsync(connection, transaction, $"""
                            INSERT INTO "SearchFts" ("SearchFts", rowid, "TitleTerms", "BodyTerms")
                            SELECT 'delete', "Id", "TitleTerms", "BodyTerms" FROM "SearchDocuments" WHERE {where}
                            """, cancellationToken, parameters);
                        await ExecuteAsync(connection, transaction, $"""
                            INSERT INTO "SearchTitleFts" ("SearchTitleFts", rowid, "TitleTerms")
                            SELECT 'delete', "Id", "TitleTerms" FROM "SearchDocuments" WHERE ({where}) AND "TitleTerms" <> ''
                            """, cancellationToken, parameters);
                    }
                    await ExecuteAsync(connection, transaction, $"""DELETE FROM "SearchDocuments" WHERE {where}""", cancellationToken, parameters);
                }
                var payload = $"{c.Kind}:{c.Id}" + (c.Thread ? ":thread" : "");
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO "Outbox" ("Topic", "Payload", "CreatedAt", "AvailableAt", "Attempts", "Failed")
                    VALUES (@topic, @payload, @now, @now, 0, @failed)
                    """, cancellationToken, ("@topic", SearchIndexer.Topic), ("@payload", payload), ("@now", now), ("@failed", false));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        signal.Notify();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
