using Foyer.Data;
using Foyer.Data.Notifications;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Notifications;

public sealed record NotificationItem(long Id, NotificationKind Kind, string Actor, string Subject, string Href, DateTime CreatedAt, bool Unread);

/// <summary>Reads a person's notifications (newest first, keyset pages) and says in words what each is about.</summary>
public static class NotificationList
{
    public const int PageSize = 30;

    public static async Task<List<NotificationItem>> PageAsync(FoyerDbContext db, Viewer viewer, DateTime now, long? before, IStringLocalizer t)
    {
        var query = db.Notifications.AsNoTracking().VisibleTo(db, viewer, now);
        if (before is long cursor) query = query.Where(n => n.Id < cursor);
        var rows = await query.OrderByDescending(n => n.Id).Take(PageSize)
            .Select(n => new
            {
                n.Id, n.Kind, n.CreatedAt, n.ReadAt, Actor = n.Actor != null ? n.Actor.DisplayName : null,
                SpaceName = n.Space != null ? n.Space.Name : null, SpaceSlug = n.Space != null ? n.Space.Slug : null,
                n.PostId, PostText = n.Post != null ? n.Post.PlainText : null,
                CommentNumber = n.Comment != null ? (int?)n.Comment.Number : null, CommentText = n.Comment != null ? n.Comment.PlainText : null,
                PageTitle = n.WikiPage != null ? n.WikiPage.Title : null, PageSlug = n.WikiPage != null ? n.WikiPage.Slug : null,
                ArticleTitle = n.Article != null ? n.Article.Title : null,
            }).ToListAsync();
        return rows.Select(r =>
        {
            var actor = r.Actor ?? t["Someone"];
            var subject = NotificationText.Describe(t, r.Kind, r.PostText, r.CommentText, r.SpaceName, r.PageTitle, r.ArticleTitle);
            return new NotificationItem(r.Id, r.Kind, actor, subject, $"/notifications/{r.Id}", r.CreatedAt, r.ReadAt is null);
        }).ToList();
    }

    /// <summary>Where a notification leads; null when the viewer may no longer read what it is about.</summary>
    public static async Task<string?> TargetAsync(FoyerDbContext db, Viewer viewer, DateTime now, long id)
    {
        var n = await db.Notifications.AsNoTracking().VisibleTo(db, viewer, now).Where(x => x.Id == id)
            .Select(x => new
            {
                x.Kind, x.PostId, CommentNumber = x.Comment != null ? (int?)x.Comment.Number : null, SpaceSlug = x.Space != null ? x.Space.Slug : null,
                PageSlug = x.WikiPage != null ? x.WikiPage.Slug : null, x.ArticleId,
            }).FirstOrDefaultAsync();
        if (n is null) return null;
        return n.Kind switch
        {
            NotificationKind.AddedToSpace => $"/spaces/{n.SpaceSlug}",
            NotificationKind.JoinRequest => $"/spaces/{n.SpaceSlug}/members",
            NotificationKind.WatchedPageChanged => $"/spaces/{n.SpaceSlug}/wiki/{n.PageSlug}/history",
            NotificationKind.CommentHeld => n.SpaceSlug is null ? "/blog/moderation" : $"/spaces/{n.SpaceSlug}/blog/moderation",
            _ when n.CommentNumber is int number => $"/posts/{n.PostId}#comment-{number}",
            _ => $"/posts/{n.PostId}",
        };
    }
}
