using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Spaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

public class EditPostModel(FoyerDbContext db, PostWriter writer, TimeProvider time) : FoyerPageModel
{
    public long Id { get; private set; }
    public int Version { get; private set; }
    public string Markdown { get; private set; } = "";
    public string SpaceSlug { get; private set; } = "";
    public string? ConflictHtml { get; private set; }
    public AudienceSummary Audience { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var access = await PostAccess.LoadAsync(db, Viewer, id);
        if (access is null) return NotFound();
        if (!access.CanEdit(Viewer)) return Forbid();
        await FillAsync(access, access.Post.Markdown, access.Post.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? markdown, int version)
    {
        var access = await PostAccess.LoadAsync(db, Viewer, id);
        if (access is null) return NotFound();
        if (!access.CanEdit(Viewer)) return Forbid();
        markdown = (markdown ?? "").Trim();
        var current = access.Post;
        await FillAsync(access, markdown, version);
        if (markdown.Length == 0) return Rejected(400, T["The post is empty. Write something first."]);
        if (markdown.Length > Post.MaxMarkdownLength)
        {
            return Rejected(413, T["The post is too long: {0} characters, at most {1} are allowed.", markdown.Length, Post.MaxMarkdownLength]);
        }
        if (version != current.Version)
        {
            return StaleEdit(current);
        }
        if (markdown == current.Markdown) return Redirect($"/posts/{id}");

        var content = await writer.RenderWithLinksAsync(access.Space.Space, markdown);
        var rendered = content.Rendered;
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync();
        // The version check and the update are one statement: of two saves based on the same version, one wins.
        var updated = await db.Posts.Where(p => p.Id == id && p.Version == version).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Markdown, markdown).SetProperty(p => p.Html, rendered.Html)
            .SetProperty(p => p.PlainText, rendered.PlainText).SetProperty(p => p.EditedAt, now)
            .SetProperty(p => p.Version, version + 1));
        if (updated == 0)
        {
            await tx.RollbackAsync();
            var latest = await db.Posts.AsNoTracking().FirstAsync(p => p.Id == id);
            return StaleEdit(latest);
        }
        await Search.SearchQueue.For(db).WriteAsync(db, new Search.SearchChange(Foyer.Data.Search.SearchKind.Post, id, Gone: false));
        db.PostRevisions.Add(new PostRevision
        {
            PostId = id, Version = current.Version, Markdown = current.Markdown, Html = current.Html,
            EditorId = current.AuthorId, CreatedAt = current.EditedAt ?? current.CreatedAt,
        });
        await writer.SetTagsAsync(current, rendered.Tags);
        await writer.SetMentionsAsync(id, null, rendered.MentionedUserIds);
        await writer.SetWikiLinksAsync(WikiLinkSource.Post, id, content.LinkTargets);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        Flash(T["Your changes were saved. The earlier version is kept in the history."]);
        return Redirect($"/posts/{id}");
    }

    private PageResult StaleEdit(Post latest)
    {
        ConflictHtml = latest.Html;
        Version = latest.Version;
        return Rejected(409, T["Someone saved a newer version of this post while you were editing. Nothing of yours was saved yet."]);
    }

    private async Task FillAsync(PostAccess access, string markdown, int version)
    {
        Id = access.Post.Id;
        Markdown = markdown;
        Version = version;
        SpaceSlug = access.Space.Space.Slug;
        Audience = await AudienceSummary.ForAsync(db, access.Space.Space);
    }
}
