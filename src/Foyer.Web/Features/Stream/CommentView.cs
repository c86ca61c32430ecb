using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

public sealed class CommentView
{
    public long Id { get; init; }
    public int Number { get; init; }
    public long? ParentId { get; init; }
    public int? ParentNumber { get; set; }
    public long AuthorId { get; init; }
    public string AuthorName { get; init; } = "";
    public string AuthorHandle { get; init; } = "";
    public string Html { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public bool Deleted { get; init; }
    public int ReactionCount { get; init; }
    public bool LikedByViewer { get; set; }
    public List<CommentView> Replies { get; } = [];
    public IReadOnlyList<Foyer.Data.Files.StoredFile> Attachments { get; set; } = [];

    /// <summary>
    /// All comments of a post as a tree, each with its number. Deleted comments stay as a placeholder so the numbers
    /// and the replies below them keep making sense.
    /// </summary>
    public static async Task<List<CommentView>> ThreadAsync(FoyerDbContext db, Viewer viewer, long postId)
    {
        var all = await db.Comments.AsNoTracking().Where(c => c.PostId == postId).OrderBy(c => c.Number)
            .Select(c => new CommentView
            {
                Id = c.Id, Number = c.Number, ParentId = c.ParentId, AuthorId = c.AuthorId,
                AuthorName = c.DeletedAt == null ? c.Author!.DisplayName : "", AuthorHandle = c.DeletedAt == null ? c.Author!.Handle : "",
                Html = c.DeletedAt == null ? c.Html : "", CreatedAt = c.CreatedAt, Deleted = c.DeletedAt != null, ReactionCount = c.ReactionCount,
            }).ToListAsync();
        var ids = all.Select(c => c.Id).ToList();
        var liked = (await db.Reactions.AsNoTracking()
            .Where(r => r.TargetType == ReactionTarget.Comment && r.UserId == viewer.UserId && ids.Contains(r.TargetId))
            .Select(r => r.TargetId).ToListAsync()).ToHashSet();
        var byId = all.ToDictionary(c => c.Id);
        var nullableIds = ids.Select(i => (long?)i).ToList();
        var files = (await db.Files.AsNoTracking()
            .Where(f => f.OwnerKind == Foyer.Data.Files.FileOwnerKind.Comment && nullableIds.Contains(f.OwnerId))
            .OrderBy(f => f.Id).ToListAsync()).ToLookup(f => f.OwnerId!.Value);
        var roots = new List<CommentView>();
        foreach (var c in all)
        {
            c.LikedByViewer = liked.Contains(c.Id);
            if (!c.Deleted) c.Attachments = files[c.Id].ToList();
            if (c.ParentId is long parent && byId.TryGetValue(parent, out var p))
            {
                c.ParentNumber = p.Number;
                p.Replies.Add(c);
            }
            else
            {
                roots.Add(c);
            }
        }
        return roots;
    }
}
