using Foyer.Data;
using Foyer.Data.Blogs;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

/// <summary>A published comment as everyone sees it: name and text, never the e-mail address.</summary>
public sealed class ArticleCommentView
{
    public const int MaxDepth = 3;

    public long Id { get; init; }
    public int Number { get; init; }
    public long? ParentId { get; init; }
    public string Name { get; set; } = "";
    public string? ProfileHandle { get; set; }
    public long? AuthorId { get; init; }
    /// <summary>Deleted by a moderator: kept as a placeholder so numbers and replies still make sense.</summary>
    public bool Removed { get; init; }
    public string Website { get; set; } = "";
    public string Html { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    /// <summary>For replies: "@Name" of whom it answers; deeper than <see cref="MaxDepth"/> the reply is shown flat beside it.</summary>
    public string? AnswersName { get; set; }
    public int? AnswersNumber { get; set; }
    public List<ArticleCommentView> Replies { get; } = [];

    public static async Task<List<ArticleCommentView>> ThreadAsync(FoyerDbContext db, long articleId)
    {
        // Only what everyone may see is loaded: the guest's e-mail address is not even read from the database.
        var all = await db.ArticleComments.AsNoTracking()
            .Where(c => c.ArticleId == articleId && (c.Status == CommentStatus.Published || c.Status == CommentStatus.Deleted) && c.Number != null)
            .OrderBy(c => c.Number)
            .Select(c => new ArticleCommentView
            {
                Id = c.Id, Number = c.Number!.Value, ParentId = c.ParentId,
                AuthorId = c.AuthorId,
                Name = c.AuthorId != null ? c.Author!.DisplayName : c.GuestName,
                ProfileHandle = c.AuthorId != null ? c.Author!.Handle : null,
                Website = c.AuthorId == null ? c.GuestWebsite : "",
                Html = c.Status == CommentStatus.Published ? c.Html : "", CreatedAt = c.CreatedAt, Removed = c.Status == CommentStatus.Deleted,
            }).ToListAsync();
        foreach (var removed in all.Where(c => c.Removed))
        {
            removed.Name = "";
            removed.ProfileHandle = null;
            removed.Website = "";
        }
        var byId = all.ToDictionary(c => c.Id);
        var depth = new Dictionary<long, int>();
        var placedIn = new Dictionary<long, List<ArticleCommentView>>();
        var roots = new List<ArticleCommentView>();
        foreach (var c in all)
        {
            if (c.ParentId is long p && byId.TryGetValue(p, out var parent))
            {
                // Every reply names whom it answers ("@Name", linked to that comment), as in the seed's thread.
                c.AnswersName = parent.Removed ? null : parent.Name;
                c.AnswersNumber = parent.Number;
                if (depth[p] < MaxDepth - 1)
                {
                    depth[c.Id] = depth[p] + 1;
                    placedIn[c.Id] = parent.Replies;
                }
                else
                {
                    // Deeper replies stay on the last level, flat beside what they answer, and say whom they answer.
                    depth[c.Id] = depth[p];
                    placedIn[c.Id] = placedIn[p];
                }
            }
            else
            {
                depth[c.Id] = 0;
                placedIn[c.Id] = roots;
            }
            placedIn[c.Id].Add(c);
        }
        return roots;
    }
}
