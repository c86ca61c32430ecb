using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

public sealed record PostCard(long Id, string Html, DateTime CreatedAt, DateTime? EditedAt, long AuthorId, string AuthorName,
    string AuthorHandle, string SpaceName, string SpaceSlug, int CommentCount, int ReactionCount)
{
    public PostKind Kind { get; init; }
    public string? WikiTitle { get; init; }
    public string? WikiSlug { get; init; }

    public int AttachmentCount { get; init; }
    public IReadOnlyList<Foyer.Data.Files.StoredFile> Attachments { get; set; } = [];

    public bool LikedByViewer { get; set; }
    public bool Mine { get; set; }
}

public sealed record StreamPage(IReadOnlyList<PostCard> Posts, long? OlderCursor);

/// <summary>
/// Reads a page of a stream newest first. Keyset pagination on the post id ("older than the cursor"), so page 500
/// costs what page 1 costs; the caller hands in a query already narrowed by the audience filter.
/// </summary>
public static class StreamQuery
{
    public static async Task<StreamPage> PageAsync(FoyerDbContext db, Viewer viewer, IQueryable<Post> visible, long? before, int pageSize)
    {
        if (before is long cursor) visible = visible.Where(p => p.Id < cursor);
        var viewerId = viewer.UserId;
        // One query for the whole page: the viewer's like comes along as a correlated lookup on an index.
        var rows = await visible.OrderByDescending(p => p.Id).Take(pageSize + 1)
            .Select(p => new
            {
                Card = new PostCard(p.Id, p.Html, p.CreatedAt, p.EditedAt, p.AuthorId, p.Author!.DisplayName, p.Author.Handle,
                    p.Space!.Name, p.Space.Slug, p.CommentCount, p.ReactionCount)
                {
                    Kind = p.Kind, WikiTitle = p.WikiPage != null ? p.WikiPage.Title : null, WikiSlug = p.WikiPage != null ? p.WikiPage.Slug : null,
                    Mine = p.AuthorId == viewerId, AttachmentCount = p.AttachmentCount,
                },
                Liked = db.Reactions.Any(r => r.TargetType == ReactionTarget.Post && r.TargetId == p.Id && r.UserId == viewerId),
            })
            .AsNoTracking().ToListAsync();
        var hasMore = rows.Count > pageSize;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        var cards = new List<PostCard>(rows.Count);
        foreach (var row in rows)
        {
            row.Card.LikedByViewer = row.Liked;
            cards.Add(row.Card);
        }
        await LoadAttachmentsAsync(db, cards);
        return new StreamPage(cards, hasMore ? cards[^1].Id : null);
    }

    /// <summary>The files of the posts that have some: one query, and none at all for a page without attachments.</summary>
    public static async Task LoadAttachmentsAsync(FoyerDbContext db, IReadOnlyList<PostCard> cards)
    {
        var ids = cards.Where(c => c.AttachmentCount > 0).Select(c => (long?)c.Id).ToList();
        if (ids.Count == 0) return;
        var files = await db.Files.AsNoTracking()
            .Where(f => f.OwnerKind == Foyer.Data.Files.FileOwnerKind.Post && ids.Contains(f.OwnerId))
            .OrderBy(f => f.Id).ToListAsync();
        var byPost = files.ToLookup(f => f.OwnerId!.Value);
        foreach (var card in cards) card.Attachments = byPost[card.Id].ToList();
    }

    /// <summary>Adds the viewer's own reactions to posts loaded one by one (a post page).</summary>
    public static async Task DecorateAsync(FoyerDbContext db, Viewer viewer, IReadOnlyList<PostCard> cards)
    {
        if (cards.Count == 0) return;
        var ids = cards.Select(c => c.Id).ToList();
        var liked = await db.Reactions.AsNoTracking()
            .Where(r => r.TargetType == ReactionTarget.Post && ids.Contains(r.TargetId) && r.UserId == viewer.UserId)
            .Select(r => r.TargetId).ToListAsync();
        foreach (var card in cards)
        {
            card.LikedByViewer = liked.Contains(card.Id);
            card.Mine = card.AuthorId == viewer.UserId;
        }
        await LoadAttachmentsAsync(db, cards);
    }
}
