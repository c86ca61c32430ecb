using Foyer.Data.Notifications;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;

namespace Foyer.Web.Infrastructure.Audience;

/// <summary>
/// The one place that decides who sees what. Every read path (streams, pages, lists, autocomplete, profiles,
/// direct links) composes these filters; nothing else decides visibility.
/// </summary>
/// <remarks>
/// Rules: anonymous visitors see nothing. Guests see only spaces they were added to, and the people in them.
/// Members and admins see open and closed spaces in the directory, read open spaces and the spaces they belong to,
/// and never learn that a secret space they are not in exists. Admins have no extra reading rights: privacy in a
/// closed or secret space does not depend on who runs the installation (see docs/adr/0002).
/// </remarks>
public static class AudienceFilter
{
    /// <summary>Spaces whose existence (name, description) the viewer may know.</summary>
    public static IQueryable<Space> ListableBy(this IQueryable<Space> spaces, Viewer viewer)
    {
        if (viewer.IsAnonymous) return spaces.Where(_ => false);
        var id = viewer.UserId;
        if (viewer.IsGuest) return spaces.Where(s => s.Members.Any(m => m.UserId == id));
        return spaces.Where(s => s.Visibility != SpaceVisibility.Secret || s.Members.Any(m => m.UserId == id));
    }

    /// <summary>Spaces whose content (posts, comments, member list) the viewer may read.</summary>
    public static IQueryable<Space> ReadableBy(this IQueryable<Space> spaces, Viewer viewer)
    {
        if (viewer.IsAnonymous) return spaces.Where(_ => false);
        var id = viewer.UserId;
        if (viewer.IsGuest) return spaces.Where(s => s.Members.Any(m => m.UserId == id));
        return spaces.Where(s => s.Visibility == SpaceVisibility.Open || s.Members.Any(m => m.UserId == id));
    }

    /// <summary>Posts the viewer may read: not deleted, in a space the viewer may read.</summary>
    public static IQueryable<Post> VisibleTo(this IQueryable<Post> posts, Viewer viewer)
    {
        if (viewer.IsAnonymous) return posts.Where(_ => false);
        var id = viewer.UserId;
        if (viewer.IsGuest)
        {
            return posts.Where(p => p.DeletedAt == null && p.Space!.Members.Any(m => m.UserId == id));
        }
        return posts.Where(p => p.DeletedAt == null &&
            (p.Space!.Visibility == SpaceVisibility.Open || p.Space.Members.Any(m => m.UserId == id)));
    }

    /// <summary>
    /// The SQL twin of <see cref="VisibleTo(IQueryable{Post}, Viewer)"/> for the hand-written stream query: a condition
    /// on the post alias <paramref name="post"/> joined to its space <paramref name="space"/>, with the viewer's id in
    /// the parameter <paramref name="viewerParameter"/>. The same rule, word for word; the audience matrix runs both.
    /// </summary>
    public static string PostReadableSql(Viewer viewer, string post, string space, string viewerParameter)
    {
        if (viewer.IsAnonymous) return "1 = 0";
        var member = $"EXISTS (SELECT 1 FROM \"SpaceMemberships\" AS am WHERE am.\"SpaceId\" = {space}.\"Id\" AND am.\"UserId\" = {viewerParameter})";
        if (viewer.IsGuest) return $"{post}.\"DeletedAt\" IS NULL AND {member}";
        return $"{post}.\"DeletedAt\" IS NULL AND ({space}.\"Visibility\" = {(int)SpaceVisibility.Open} OR {member})";
    }

    /// <summary>
    /// The SQL twin of <see cref="VisibleTo(IQueryable{Comment}, Viewer)"/>: a condition on the comment alias
    /// <paramref name="comment"/>, joined to its post <paramref name="post"/> and that post's space <paramref name="space"/>.
    /// A comment is readable when it is not deleted and its post is (<see cref="PostReadableSql"/>).
    /// </summary>
    public static string CommentReadableSql(Viewer viewer, string comment, string post, string space, string viewerParameter) =>
        viewer.IsAnonymous ? "1 = 0" : $"{comment}.\"DeletedAt\" IS NULL AND {PostReadableSql(viewer, post, space, viewerParameter)}";

    /// <summary>
    /// The SQL twin of <see cref="VisibleTo(IQueryable{WikiPage}, Viewer)"/>: a condition on the space alias
    /// <paramref name="space"/> a page is joined to (pages have no deletion of their own).
    /// </summary>
    public static string WikiPageReadableSql(Viewer viewer, string space, string viewerParameter)
    {
        if (viewer.IsAnonymous) return "1 = 0";
        var member = $"EXISTS (SELECT 1 FROM \"SpaceMemberships\" AS am WHERE am.\"SpaceId\" = {space}.\"Id\" AND am.\"UserId\" = {viewerParameter})";
        if (viewer.IsGuest) return member;
        return $"({space}.\"Visibility\" = {(int)SpaceVisibility.Open} OR {member})";
    }

    /// <summary>Comments the viewer may read: not deleted, on a post the viewer may read.</summary>
    public static IQueryable<Comment> VisibleTo(this IQueryable<Comment> comments, Viewer viewer)
    {
        if (viewer.IsAnonymous) return comments.Where(_ => false);
        var id = viewer.UserId;
        if (viewer.IsGuest)
        {
            return comments.Where(c => c.DeletedAt == null && c.Post!.DeletedAt == null &&
                c.Post.Space!.Members.Any(m => m.UserId == id));
        }
        return comments.Where(c => c.DeletedAt == null && c.Post!.DeletedAt == null &&
            (c.Post.Space!.Visibility == SpaceVisibility.Open || c.Post.Space.Members.Any(m => m.UserId == id)));
    }

    /// <summary>Wiki pages the viewer may read: those of the spaces whose content the viewer may read.</summary>
    public static IQueryable<WikiPage> VisibleTo(this IQueryable<WikiPage> pages, Viewer viewer)
    {
        if (viewer.IsAnonymous) return pages.Where(_ => false);
        var id = viewer.UserId;
        if (viewer.IsGuest) return pages.Where(p => p.Space!.Members.Any(m => m.UserId == id));
        return pages.Where(p => p.Space!.Visibility == SpaceVisibility.Open || p.Space.Members.Any(m => m.UserId == id));
    }

    /// <summary>
    /// Blog articles the viewer may read: published (or scheduled and due), and on a rung of the openness ladder the
    /// viewer stands on. Public articles are the only content anonymous visitors ever see.
    /// </summary>
    public static IQueryable<Article> VisibleTo(this IQueryable<Article> articles, Viewer viewer, DateTime now)
    {
        var published = articles.Where(a => a.Status == ArticleStatus.Published
            || (a.Status == ArticleStatus.Scheduled && a.PublishAt != null && a.PublishAt <= now));
        if (viewer.IsAnonymous) return published.Where(a => a.Audience == ArticleAudience.Public);
        var id = viewer.UserId;
        if (viewer.IsGuest)
        {
            return published.Where(a => a.Audience == ArticleAudience.Public
                || (a.Audience == ArticleAudience.Space && a.Blog!.SpaceId != null && a.Blog.Space!.Members.Any(m => m.UserId == id)));
        }
        return published.Where(a => a.Audience != ArticleAudience.Space || a.Blog!.SpaceId == null
            || a.Blog.Space!.Visibility == SpaceVisibility.Open || a.Blog.Space.Members.Any(m => m.UserId == id));
    }

    /// <summary>Articles that only exist on the public web: what feeds and anonymous pages may contain.</summary>
    public static IQueryable<Article> PublicOnly(this IQueryable<Article> articles, DateTime now) =>
        articles.VisibleTo(Viewer.Anonymous, now);

    /// <summary>
    /// People the viewer may know of (profile, lists, autocomplete). Members see the organisation's people and the
    /// guests of spaces they can read; guests see only the people of their own spaces.
    /// </summary>
    public static IQueryable<User> VisibleTo(this IQueryable<User> users, FoyerDbContext db, Viewer viewer)
    {
        if (viewer.IsAnonymous) return users.Where(_ => false);
        var id = viewer.UserId;
        var active = users.Where(u => u.DeactivatedAt == null);
        if (viewer.IsGuest)
        {
            return active.Where(u => u.Id == id || db.SpaceMemberships.Any(theirs =>
                theirs.UserId == u.Id && db.SpaceMemberships.Any(mine => mine.UserId == id && mine.SpaceId == theirs.SpaceId)));
        }
        var readable = db.Spaces.ReadableBy(viewer).Select(s => s.Id);
        return active.Where(u => u.Role != OrgRole.Guest ||
            db.SpaceMemberships.Any(m => m.UserId == u.Id && readable.Contains(m.SpaceId)));
    }

    /// <summary>
    /// Everyone who can read a space's content: its audience, as shown in "who can see this?" and offered by
    /// mention autocomplete. Open spaces reach the whole organisation plus their guests; other spaces their members.
    /// </summary>
    public static IQueryable<User> AudienceOf(this IQueryable<User> users, FoyerDbContext db, Space space)
    {
        var spaceId = space.Id;
        var active = users.Where(u => u.DeactivatedAt == null);
        if (space.Visibility == SpaceVisibility.Open)
        {
            return active.Where(u => u.Role != OrgRole.Guest ||
                db.SpaceMemberships.Any(m => m.UserId == u.Id && m.SpaceId == spaceId));
        }
        return active.Where(u => db.SpaceMemberships.Any(m => m.UserId == u.Id && m.SpaceId == spaceId));
    }

    /// <summary>
    /// The viewer's own notifications, as far as they may still read what each is about: someone removed from a space
    /// stops seeing its notifications, a deleted post takes its notifications along, a held comment shows only to
    /// those who still moderate it.
    /// </summary>
    public static IQueryable<Notification> VisibleTo(this IQueryable<Notification> notifications, FoyerDbContext db, Viewer viewer, DateTime now)
    {
        if (viewer.IsAnonymous) return notifications.Where(_ => false);
        var id = viewer.UserId;
        // Correlated EXISTS lookups by primary key, not "IN (every visible post)": the bell is counted on every page.
        var spaces = db.Spaces.ReadableBy(viewer);
        var posts = db.Posts.VisibleTo(viewer);
        var comments = db.Comments.VisibleTo(viewer);
        var pages = db.WikiPages.VisibleTo(viewer);
        var articles = db.Articles.VisibleTo(viewer, now);
        return notifications.Where(n => n.RecipientId == id
            && (n.SpaceId == null || spaces.Any(s => s.Id == n.SpaceId))
            && (n.PostId == null || posts.Any(p => p.Id == n.PostId))
            && (n.CommentId == null || comments.Any(c => c.Id == n.CommentId))
            && (n.WikiPageId == null || pages.Any(p => p.Id == n.WikiPageId))
            && (n.ArticleId == null || articles.Any(a => a.Id == n.ArticleId)));
    }

    /// <summary>May the viewer write posts and comments in a space? Readers of an open space may; others must be members.</summary>
    public static bool CanParticipate(Viewer viewer, Space space, bool isMember) =>
        !viewer.IsAnonymous && space.ArchivedAt == null &&
        (isMember || (space.Visibility == SpaceVisibility.Open && viewer.IsOrgMember));
}
