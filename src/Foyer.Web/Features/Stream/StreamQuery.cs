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

    public IReadOnlyList<string> Tags { get; set; } = [];
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
        var cards = await visible.OrderByDescending(p => p.Id).Take(pageSize + 1)
            .Select(p => new PostCard(p.Id, p.Html, p.CreatedAt, p.EditedAt, p.AuthorId, p.Author!.DisplayName, p.Author.Handle,
                p.Space!.Name, p.Space.Slug, p.CommentCount, p.ReactionCount)
            {
                Kind = p.Kind, WikiTitle = p.WikiPage != null ? p.WikiPage.Title : null, WikiSlug = p.WikiPage != null ? p.WikiPage.Slug : null,
            })
            .AsNoTracking().ToListAsync();
        var hasMore = cards.Count > pageSize;
        if (hasMore) cards.RemoveAt(cards.Count - 1);
        await DecorateAsync(db, viewer, cards);
        return new StreamPage(cards, hasMore ? cards[^1].Id : null);
    }

    /// <summary>Adds tags and the viewer's own reactions to a page of posts: two indexed queries for the whole page.</summary>
    public static async Task DecorateAsync(FoyerDbContext db, Viewer viewer, IReadOnlyList<PostCard> cards)
    {
        if (cards.Count == 0) return;
        var ids = cards.Select(c => c.Id).ToList();
        var tags = await db.PostTags.AsNoTracking().Where(pt => ids.Contains(pt.PostId))
            .Select(pt => new { pt.PostId, pt.Tag!.Name }).ToListAsync();
        var liked = await db.Reactions.AsNoTracking()
            .Where(r => r.TargetType == ReactionTarget.Post && ids.Contains(r.TargetId) && r.UserId == viewer.UserId)
            .Select(r => r.TargetId).ToListAsync();
        var tagsByPost = tags.ToLookup(t => t.PostId, t => t.Name);
        foreach (var card in cards)
        {
            card.Tags = tagsByPost[card.Id].Order(StringComparer.Ordinal).ToList();
            card.LikedByViewer = liked.Contains(card.Id);
            card.Mine = card.AuthorId == viewer.UserId;
        }
    }
}
