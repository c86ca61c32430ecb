using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Mail;
using Foyer.Data.Notifications;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Foyer.Web.Features.Notifications;

/// <summary>
/// Creates notifications from what is being saved, in the same save (so they exist exactly when their cause does):
/// comments, replies, mentions, likes, being added to a space, join requests, changes to watched wiki pages and
/// comments held for moderation. Whatever path writes these rows (a page, an import, mail later) notifies alike.
/// After the save, open pages hear about it through the live bus.
/// </summary>
public sealed class NotificationInterceptor(IHttpContextAccessor http, TimeProvider time, ILiveBus bus, UnreadCounter counter,
    Foyer.Web.Infrastructure.Mail.MailScheduler mail) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    private sealed class Pending
    {
        public List<Notification> Notifications { get; } = [];
        public List<Post> Posts { get; } = [];
        public List<Comment> Comments { get; } = [];
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is FoyerDbContext db) await CollectAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is FoyerDbContext db) CollectAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Publish(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
        return Task.CompletedTask;
    }

    private long? CurrentUserId =>
        long.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    private async Task CollectAsync(FoyerDbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0) return;
        var pending = new Pending();
        var now = time.GetUtcNow().UtcDateTime;
        var notes = pending.Notifications;

        void Notify(long recipient, NotificationKind kind, long? actor, Action<Notification> about)
        {
            if (recipient == actor) return;
            var n = new Notification { RecipientId = recipient, Kind = kind, ActorId = actor, CreatedAt = now };
            about(n);
            notes.Add(n);
        }

        foreach (var entity in added)
        {
            switch (entity)
            {
                case Post { Kind: PostKind.Regular } post:
                {
                    pending.Posts.Add(post);
                    var followers = await db.Subscriptions.AsNoTracking()
                        .Where(f => f.SpaceId == post.SpaceId && f.PostId == null && f.Mode == SubscriptionMode.Follow).Select(f => f.UserId).ToListAsync(ct);
                    foreach (var follower in followers) Notify(follower, NotificationKind.NewPost, post.AuthorId, n => { n.Post = post; n.SpaceId = post.SpaceId; });
                    break;
                }
                case Comment comment:
                {
                    pending.Comments.Add(comment);
                    var post = await db.Posts.AsNoTracking().Where(p => p.Id == comment.PostId).Select(p => new { p.AuthorId, p.SpaceId }).FirstOrDefaultAsync(ct);
                    if (post is null) break;
                    long? parentAuthor = comment.ParentId is long parent
                        ? await db.Comments.AsNoTracking().Where(c => c.Id == parent).Select(c => (long?)c.AuthorId).FirstOrDefaultAsync(ct)
                        : null;
                    if (parentAuthor is long pa) Notify(pa, NotificationKind.Replied, comment.AuthorId, n => { n.Comment = comment; n.PostId = comment.PostId; n.SpaceId = post.SpaceId; });
                    if (post.AuthorId != parentAuthor)
                    {
                        Notify(post.AuthorId, NotificationKind.CommentedOnYourPost, comment.AuthorId, n => { n.Comment = comment; n.PostId = comment.PostId; n.SpaceId = post.SpaceId; });
                    }
                    var followers = await db.Subscriptions.AsNoTracking()
                        .Where(f => f.PostId == comment.PostId && f.Mode == SubscriptionMode.Follow && f.UserId != post.AuthorId && f.UserId != parentAuthor)
                        .Select(f => f.UserId).ToListAsync(ct);
                    foreach (var follower in followers)
                    {
                        Notify(follower, NotificationKind.NewComment, comment.AuthorId, n => { n.Comment = comment; n.PostId = comment.PostId; n.SpaceId = post.SpaceId; });
                    }
                    break;
                }
                case Mention mention:
                {
                    var post = await db.Posts.AsNoTracking().Where(p => p.Id == mention.PostId).Select(p => new { p.AuthorId, p.SpaceId }).FirstOrDefaultAsync(ct);
                    if (post is null) break;
                    var actor = mention.CommentId is long cid
                        ? await db.Comments.AsNoTracking().Where(c => c.Id == cid).Select(c => (long?)c.AuthorId).FirstOrDefaultAsync(ct)
                        : post.AuthorId;
                    // Edits save their mentions again: someone already told about this post or comment is not told twice.
                    var known = await db.Notifications.AnyAsync(n => n.RecipientId == mention.UserId && n.PostId == mention.PostId && n.CommentId == mention.CommentId
                        && (n.Kind == NotificationKind.Mentioned || n.Kind == NotificationKind.Replied || n.Kind == NotificationKind.CommentedOnYourPost), ct);
                    if (known) break;
                    Notify(mention.UserId, NotificationKind.Mentioned, actor, n => { n.PostId = mention.PostId; n.CommentId = mention.CommentId; n.SpaceId = post.SpaceId; });
                    break;
                }
                case Reaction reaction:
                {
                    var target = reaction.TargetType == ReactionTarget.Post
                        ? await db.Posts.AsNoTracking().Where(p => p.Id == reaction.TargetId).Select(p => new { p.AuthorId, PostId = p.Id, CommentId = (long?)null, p.SpaceId }).FirstOrDefaultAsync(ct)
                        : await db.Comments.AsNoTracking().Where(c => c.Id == reaction.TargetId).Select(c => new { c.AuthorId, c.PostId, CommentId = (long?)c.Id, c.Post!.SpaceId }).FirstOrDefaultAsync(ct);
                    if (target is null) break;
                    // Like, unlike, like again: one notification.
                    if (await db.Notifications.AnyAsync(n => n.RecipientId == target.AuthorId && n.Kind == NotificationKind.Reacted && n.ActorId == reaction.UserId
                        && n.PostId == target.PostId && n.CommentId == target.CommentId, ct)) break;
                    Notify(target.AuthorId, NotificationKind.Reacted, reaction.UserId, n => { n.PostId = target.PostId; n.CommentId = target.CommentId; n.SpaceId = target.SpaceId; });
                    break;
                }
                case SpaceMembership membership:
                {
                    // Joining by oneself, creating a space or accepting an invitation is no news to oneself.
                    var by = CurrentUserId;
                    if (by is null || by == membership.UserId || membership.SpaceId == 0) break;
                    Notify(membership.UserId, NotificationKind.AddedToSpace, by, n => n.SpaceId = membership.SpaceId);
                    break;
                }
                case SpaceJoinRequest request:
                {
                    var admins = await db.SpaceMemberships.AsNoTracking().Where(m => m.SpaceId == request.SpaceId && m.Role == SpaceRole.Admin).Select(m => m.UserId).ToListAsync(ct);
                    foreach (var admin in admins) Notify(admin, NotificationKind.JoinRequest, request.UserId, n => n.SpaceId = request.SpaceId);
                    break;
                }
                case WikiRevision { Version: > 1 } revision:
                {
                    var spaceId = await db.WikiPages.AsNoTracking().Where(p => p.Id == revision.PageId).Select(p => p.SpaceId).FirstOrDefaultAsync(ct);
                    // Ten edits in a row make one unread notification, not ten.
                    var watchers = await db.WikiWatches.AsNoTracking().Where(w => w.PageId == revision.PageId && w.UserId != revision.AuthorId)
                        .Where(w => !db.Notifications.Any(n => n.RecipientId == w.UserId && n.Kind == NotificationKind.WatchedPageChanged && n.WikiPageId == revision.PageId && n.ReadAt == null))
                        .Select(w => w.UserId).ToListAsync(ct);
                    foreach (var watcher in watchers) Notify(watcher, NotificationKind.WatchedPageChanged, revision.AuthorId, n => { n.WikiPageId = revision.PageId; n.SpaceId = spaceId; });
                    break;
                }
                case ArticleComment { Status: CommentStatus.Held } held:
                {
                    var blogSpace = await db.Articles.AsNoTracking().Where(a => a.Id == held.ArticleId).Select(a => new { a.Blog!.SpaceId }).FirstOrDefaultAsync(ct);
                    if (blogSpace is null) break;
                    var editors = blogSpace.SpaceId is long sid
                        ? await db.SpaceMemberships.AsNoTracking().Where(m => m.SpaceId == sid && m.Role == SpaceRole.Admin).Select(m => m.UserId).ToListAsync(ct)
                        : await db.Users.AsNoTracking().Where(u => u.Role == OrgRole.Admin && u.DeactivatedAt == null).Select(u => u.Id).ToListAsync(ct);
                    foreach (var editor in editors)
                    {
                        Notify(editor, NotificationKind.CommentHeld, held.AuthorId, n => { n.ArticleId = held.ArticleId; n.ArticleComment = held; n.SpaceId = blogSpace.SpaceId; });
                    }
                    break;
                }
                default:
                    break;
            }
        }
        if (notes.Count > 0)
        {
            // Muting a space or a thread silences it completely, mentions and replies included.
            var recipients = notes.Select(n => n.RecipientId).Distinct().ToList();
            var mutes = await db.Subscriptions.AsNoTracking().Where(m => m.Mode == SubscriptionMode.Mute && recipients.Contains(m.UserId))
                .Select(m => new { m.UserId, m.SpaceId, m.PostId }).ToListAsync(ct);
            if (mutes.Count > 0)
            {
                notes.RemoveAll(n => mutes.Any(m => m.UserId == n.RecipientId &&
                    (m.SpaceId is long space && space == n.SpaceId || m.PostId is long post && post == (n.PostId ?? n.Post?.Id ?? n.Comment?.PostId))));
            }
        }
        if (notes.Count > 0)
        {
            db.Notifications.AddRange(notes);
            await mail.ScheduleAsync(db, notes, now, ct);
        }
        if (notes.Count > 0 || pending.Posts.Count > 0 || pending.Comments.Count > 0)
        {
            // Several saves in one transaction add up; the pages hear of all of it once it is committed.
            var all = _pending.GetValue(db, _ => new Pending());
            all.Notifications.AddRange(pending.Notifications);
            all.Posts.AddRange(pending.Posts);
            all.Comments.AddRange(pending.Comments);
        }
    }

    // Inside a transaction the news waits for the commit: a page told earlier would count what it cannot see yet.
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Publish(eventData.Context, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
        return Task.CompletedTask;
    }

    private void Publish(DbContext? context, bool committed = false)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        if (!committed && context.Database.CurrentTransaction is not null) return;
        _pending.Remove(context);
        foreach (var recipient in pending.Notifications.Select(n => n.RecipientId).Distinct())
        {
            counter.Invalidate(recipient);
            bus.Publish(new LiveEvent("notification", UserId: recipient));
        }
        foreach (var post in pending.Posts) bus.Publish(new LiveEvent("post", SpaceId: post.SpaceId, PostId: post.Id, ActorId: post.AuthorId));
        foreach (var comment in pending.Comments) bus.Publish(new LiveEvent("comment", PostId: comment.PostId, Number: comment.Number, ActorId: comment.AuthorId));
    }
}
