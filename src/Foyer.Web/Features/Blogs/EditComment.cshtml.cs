using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

/// <summary>Authors correct their comment for a while after writing it; the blog's editors edit or delete any comment.</summary>
public class EditCommentModel(FoyerDbContext db, TimeProvider time, SpaceContentRenderer renderer) : BlogPageModel(db, time)
{
    public static readonly TimeSpan AuthorEditWindow = TimeSpan.FromMinutes(15);

    public string ArticleSlug { get; private set; } = "";
    public string ArticleTitle { get; private set; } = "";
    public int? Number { get; private set; }
    public long CommentId { get; private set; }
    public string Markdown { get; private set; } = "";
    public bool IsModerator => Blog.IsEditor;

    public async Task<IActionResult> OnGetAsync(string? slug, string article, long id)
    {
        var comment = await LoadAsync(slug, article, id);
        if (comment is null) return NotFound();
        if (!MayEdit(comment)) return Forbid();
        Markdown = comment.Markdown;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, string article, long id, string? markdown)
    {
        var comment = await LoadAsync(slug, article, id);
        if (comment is null) return NotFound();
        if (!MayEdit(comment)) return Forbid();
        Markdown = (markdown ?? "").Trim();
        if (Markdown.Length == 0) return Rejected(400, T["The comment is empty. Write something first."]);
        if (Markdown.Length > ArticleComment.MaxMarkdownLength)
        {
            return Rejected(413, T["The comment is too long: {0} characters, at most {1} are allowed.", Markdown.Length, ArticleComment.MaxMarkdownLength]);
        }
        var content = Blog.Space is { } space ? await renderer.RenderAsync(space.Space, Markdown) : await renderer.RenderForOrganisationAsync(Markdown);
        var now = Now;
        await Db.ArticleComments.Where(c => c.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Markdown, Markdown).SetProperty(c => c.Html, content.Rendered.Html).SetProperty(c => c.EditedAt, now));
        await Search.SearchQueue.For(Db).WriteAsync(Db, new Search.SearchChange(Foyer.Data.Search.SearchKind.ArticleComment, id, Gone: false));
        Flash(T["The comment was saved."]);
        return Redirect($"{Blog.Path}/{ArticleSlug}#comment-{comment.Number}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? slug, string article, long id)
    {
        var comment = await LoadAsync(slug, article, id);
        if (comment is null) return NotFound();
        if (!IsModerator) return Forbid();
        await Db.ArticleComments.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Deleted));
        await Search.SearchQueue.For(Db).WriteAsync(Db, new Search.SearchChange(Foyer.Data.Search.SearchKind.ArticleComment, id, Gone: true));
        if (comment.Status == CommentStatus.Published)
        {
            await Db.Articles.Where(a => a.Id == comment.ArticleId).ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentCount, a => a.CommentCount - 1));
        }
        Flash(T["The comment was deleted."]);
        return Redirect($"{Blog.Path}/{ArticleSlug}#comments");
    }

    private bool MayEdit(ArticleComment comment) =>
        IsModerator || (comment.AuthorId == Viewer.UserId && !Viewer.IsAnonymous && Now - comment.CreatedAt <= AuthorEditWindow);

    private async Task<ArticleComment?> LoadAsync(string? slug, string article, long id)
    {
        if (await LoadBlogAsync(slug) is not null) return null;
        var found = await FindArticleAsync(article);
        if (found is null) return null;
        ArticleSlug = found.Slug;
        ArticleTitle = found.Title;
        var comment = await Db.ArticleComments.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id && c.ArticleId == found.Id && c.Status != CommentStatus.Deleted);
        Number = comment?.Number;
        CommentId = id;
        return comment;
    }
}
