using Foyer.Data;
using Foyer.Data.Files;
using Foyer.Data.Search;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Search;
using Foyer.Web.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Privacy;

/// <summary>
/// Removes posts and comments for good (retention, erasure), with everything that hangs on them: comments, reactions,
/// mentions, tags, revisions, notifications, attached files (bytes too), wiki link rows and search entries.
/// Soft deletion (with undo) stays the stream's business; this is what comes after it. The files' bytes are not
/// touched here: their storage keys are collected in <paramref name="storageKeys"/>, for the caller to delete after its
/// transaction committed (a rollback must not leave rows pointing at deleted bytes).
/// </summary>
public static class ContentRemoval
{
    private const int Batch = 500;

    public static async Task<int> DeletePostsAsync(FoyerDbContext db, ICollection<string> storageKeys, IReadOnlyCollection<long> postIds, CancellationToken ct = default)
    {
        var removed = 0;
        foreach (var chunk in postIds.Chunk(Batch))
        {
            var commentIds = await db.Comments.Where(c => chunk.Contains(c.PostId)).Select(c => c.Id).ToListAsync(ct);
            await DeleteCommentsAsync(db, storageKeys, commentIds, ct);
            await db.Reactions.Where(r => r.TargetType == ReactionTarget.Post && chunk.Contains(r.TargetId)).ExecuteDeleteAsync(ct);
            await db.WikiLinks.Where(l => l.SourceKind == WikiLinkSource.Post && chunk.Contains(l.SourceId)).ExecuteDeleteAsync(ct);
            await DeleteFilesAsync(db, storageKeys, FileOwnerKind.Post, chunk, ct);
            await ForgetAsync(db, SearchKind.Post, chunk, ct);
            // Revisions, tags, mentions and notifications go with the post (cascade).
            removed += await db.Posts.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(ct);
        }
        return removed;
    }

    public static async Task<int> DeleteCommentsAsync(FoyerDbContext db, ICollection<string> storageKeys, IReadOnlyCollection<long> commentIds, CancellationToken ct = default)
    {
        var removed = 0;
        foreach (var chunk in commentIds.Chunk(Batch))
        {
            // Answers to a removed comment stay, as answers to the post.
            await db.Comments.Where(c => c.ParentId != null && chunk.Contains(c.ParentId.Value)).ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, (long?)null), ct);
            await db.Reactions.Where(r => r.TargetType == ReactionTarget.Comment && chunk.Contains(r.TargetId)).ExecuteDeleteAsync(ct);
            await db.WikiLinks.Where(l => l.SourceKind == WikiLinkSource.Comment && chunk.Contains(l.SourceId)).ExecuteDeleteAsync(ct);
            await DeleteFilesAsync(db, storageKeys, FileOwnerKind.Comment, chunk, ct);
            await ForgetAsync(db, SearchKind.Comment, chunk, ct);
            var postIds = await db.Comments.Where(c => chunk.Contains(c.Id)).Select(c => c.PostId).Distinct().ToListAsync(ct);
            removed += await db.Comments.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(ct);
            foreach (var postId in postIds)
            {
                await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.CommentCount,
                    p => db.Comments.Count(c => c.PostId == p.Id && c.DeletedAt == null)), ct);
            }
        }
        return removed;
    }

    public static async Task DeleteFilesAsync(FoyerDbContext db, ICollection<string> storageKeys, FileOwnerKind kind, IReadOnlyCollection<long> ownerIds, CancellationToken ct)
    {
        var files = await db.Files.Where(f => f.OwnerKind == kind && f.OwnerId != null && ownerIds.Contains(f.OwnerId.Value))
            .Select(f => new { f.Id, f.StorageKey, f.ThumbnailKey }).ToListAsync(ct);
        if (files.Count == 0) return;
        var ids = files.Select(f => f.Id).ToList();
        await ForgetAsync(db, SearchKind.File, ids, ct);
        await db.Files.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(ct);
        foreach (var f in files)
        {
            storageKeys.Add(f.StorageKey);
            if (f.ThumbnailKey is not null) storageKeys.Add(f.ThumbnailKey);
        }
    }

    /// <summary>Deletes stored bytes after the rows that pointed at them are gone for good; a missing file is no error.</summary>
    public static async Task DeleteStoredAsync(IFileStorage storage, IEnumerable<string> storageKeys, ILogger log)
    {
        foreach (var key in storageKeys.Distinct())
        {
            try
            {
                await storage.DeleteAsync(key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
            {
                log.LogWarning(e, "Stored file {Key} could not be deleted", key);
            }
        }
    }

    /// <summary>Takes items out of the search index at once (the FTS rows too), in the caller's transaction.</summary>
    private static async Task ForgetAsync(FoyerDbContext db, SearchKind kind, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (!await db.SearchDocuments.AnyAsync(d => d.Kind == kind && ids.Contains(d.SourceId), ct)) return;
        await SearchQueue.For(db).WriteAsync(db, ids.Select(id => new SearchChange(kind, id, Gone: true)), ct);
    }
}
