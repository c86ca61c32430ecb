using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Spaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Foyer.Web.Infrastructure.Files;

namespace Foyer.Web.Features.Stream;

public class PostModel(FoyerDbContext db, PostWriter writer, TimeProvider time, IOptions<StreamOptions> options, WriteThrottle throttle, FileIntake files) : FoyerPageModel
{
    public PostAccess Access { get; private set; } = null!;
    public PostCard Card { get; private set; } = null!;
    public List<CommentView> Comments { get; private set; } = [];
    public AudienceSummary Audience { get; private set; } = null!;
    public int CommentCount { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanDelete { get; private set; }
    public bool CanComment { get; private set; }
    public string Title { get; private set; } = "";
    public string Draft { get; private set; } = "";
    public IReadOnlyList<Foyer.Data.Files.StoredFile> PendingFiles { get; private set; } = [];
    public Notifications.SubscriptionView Subscription { get; private set; } = null!;
    /// <summary>Wiki pages this discussion was turned into (title, address).</summary>
    public List<(string Title, string Href)> ContinuedIn { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(long id, string? markdown, long? parentId)
    {
        if (!await LoadAsync(id)) return NotFound();
        markdown = (markdown ?? "").Trim();
        Draft = markdown;
        if (!CanComment) return Rejected(403, T["Join this space to comment."]);
        var attached = await files.AcceptAsync(Viewer, Request);
        PendingFiles = attached.Files;
        if (!attached.Ok) return Rejected(attached.Status ?? 400, attached.Error!);
        if (markdown.Length == 0 && attached.Files.Count == 0) return Rejected(400, T["The comment is empty. Write something first."]);
        if (markdown.Length > Comment.MaxMarkdownLength)
        {
            return Rejected(413, T["The comment is too long: {0} characters, at most {1} are allowed.", markdown.Length, Comment.MaxMarkdownLength]);
        }
        if (!throttle.TryAcquire(Viewer.UserId)) return Rejected(429, T["You are writing very fast. Please wait a minute and try again; your text is still here."]);
        if (parentId is long parent && !await db.Comments.AnyAsync(c => c.Id == parent && c.PostId == id))
        {
            return Rejected(400, T["The comment you replied to does not belong to this post."]);
        }

        var comment = await writer.AddCommentAsync(Access.Space.Space, id, Viewer.UserId, markdown, parentId, attached.Files);
        return Redirect($"/posts/{id}#comment-{comment.Number}");
    }

    public async Task<IActionResult> OnPostLikeAsync(long id, string? returnUrl)
    {
        if (!await LoadAsync(id)) return NotFound();
        await Reactions.ToggleAsync(db, ReactionTarget.Post, id, Viewer.UserId, time);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : $"/posts/{id}");
    }

    public async Task<IActionResult> OnPostLikeCommentAsync(long id, long commentId)
    {
        if (!await LoadAsync(id)) return NotFound();
        var number = await db.Comments.Where(c => c.Id == commentId && c.PostId == id && c.DeletedAt == null)
            .Select(c => (int?)c.Number).FirstOrDefaultAsync();
        if (number is null) return NotFound();
        await Reactions.ToggleAsync(db, ReactionTarget.Comment, commentId, Viewer.UserId, time);
        return Redirect($"/posts/{id}#comment-{number}");
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync(long id, long commentId)
    {
        if (!await LoadAsync(id)) return NotFound();
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId && c.PostId == id && c.DeletedAt == null);
        if (comment is null) return NotFound();
        if (comment.AuthorId != Viewer.UserId && !Access.Space.IsSpaceAdmin) return Forbid();
        comment.DeletedAt = time.GetUtcNow().UtcDateTime;
        if (comment.AuthorId != Viewer.UserId)
        {
            // A space admin removing someone else's words: recorded for the organisation's admins.
            Privacy.AuditLog.Record(db, Viewer.UserId, Foyer.Data.Privacy.AuditAction.ContentDeletedByAdmin, Privacy.AuditLog.Space(Access.Space.Space.Id),
                $"comment={comment.Id} post={id}", comment.DeletedAt.Value);
        }
        await db.SaveChangesAsync();
        await db.Posts.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CommentCount, p => p.CommentCount - 1));
        Flash(T["The comment was deleted."]);
        return Redirect($"/posts/{id}#comments");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanDelete) return Forbid();
        var now = time.GetUtcNow().UtcDateTime;
        await db.Posts.Where(p => p.Id == id && p.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now).SetProperty(p => p.DeletedById, Viewer.UserId));
        if (await db.Posts.AnyAsync(p => p.Id == id && p.AuthorId != Viewer.UserId))
        {
            Privacy.AuditLog.Record(db, Viewer.UserId, Foyer.Data.Privacy.AuditAction.ContentDeletedByAdmin, Privacy.AuditLog.Space(Access.Space.Space.Id), $"post={id}", now);
            await db.SaveChangesAsync();
        }
        await Search.SearchQueue.For(db).WriteAsync(db, new Search.SearchChange(Foyer.Data.Search.SearchKind.Post, id, Gone: true, Thread: true));
        TempData["UndoPost"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Flash(T["The post was deleted. You can undo this for {0} minutes.", options.Value.UndoDeleteMinutes]);
        return Redirect($"/spaces/{Access.Space.Space.Slug}");
    }

    /// <summary>Undo of a delete: only by whoever deleted it, only within the undo window.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(long id)
    {
        var since = time.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.UndoDeleteMinutes);
        // Whoever lost access to the space since (removed, left) cannot bring its content back.
        var readable = db.Spaces.ReadableBy(Viewer).Select(s => s.Id);
        var restored = await db.Posts
            .Where(p => p.Id == id && p.DeletedAt != null && p.DeletedById == Viewer.UserId && p.DeletedAt > since
                && readable.Contains(p.SpaceId))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, (DateTime?)null).SetProperty(p => p.DeletedById, (long?)null));
        if (restored == 0) return StatusCode(410);
        await Search.SearchQueue.For(db).WriteAsync(db, new Search.SearchChange(Foyer.Data.Search.SearchKind.Post, id, Gone: false, Thread: true));
        Flash(T["The post is back."]);
        return Redirect($"/posts/{id}");
    }

    private async Task<bool> LoadAsync(long id)
    {
        var access = await PostAccess.LoadAsync(db, Viewer, id);
        if (access is null) return false;
        Access = access;
        var p = access.Post;
        var wiki = p.WikiPageId is long wikiId
            ? await db.WikiPages.AsNoTracking().Where(w => w.Id == wikiId).Select(w => new { w.Title, w.Slug }).FirstOrDefaultAsync()
            : null;
        Card = new PostCard(p.Id, p.Html, p.CreatedAt, p.EditedAt, p.AuthorId, p.Author!.DisplayName, p.Author.Handle,
            access.Space.Space.Name, access.Space.Space.Slug, p.CommentCount, p.ReactionCount)
        {
            Kind = p.Kind, WikiTitle = wiki?.Title, WikiSlug = wiki?.Slug, AttachmentCount = p.AttachmentCount,
        };
        ContinuedIn = await db.WikiPages.AsNoTracking().VisibleTo(Viewer).Where(w => w.SourcePostId == id)
            .Select(w => new ValueTuple<string, string>(w.Title, "/spaces/" + w.Space!.Slug + "/wiki/" + w.Slug)).ToListAsync();
        await StreamQuery.DecorateAsync(db, Viewer, [Card]);
        Comments = await CommentView.ThreadAsync(db, Viewer, id);
        CommentCount = p.CommentCount;
        CanEdit = access.CanEdit(Viewer);
        CanDelete = access.CanDelete(Viewer);
        CanComment = access.Space.CanParticipate(Viewer);
        Audience = await AudienceSummary.ForAsync(db, access.Space.Space);
        Subscription = new(null, id, await Notifications.SubscribeModel.CurrentAsync(db, Viewer.UserId, null, id), $"/posts/{id}");
        Title = Excerpt(p.PlainText);
        ViewData["PostId"] = id;
        ViewData["CanComment"] = CanComment;
        ViewData["ViewerId"] = Viewer.UserId;
        ViewData["CanModerate"] = access.Space.IsSpaceAdmin;
        ViewData["SpaceSlug"] = access.Space.Space.Slug;
        return true;
    }

    private static string Excerpt(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 60 ? line : line[..60] + "…";
    }
}
