using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Features.Blogs.Spam;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public sealed record ModerationItem(long Id, string Name, string Email, string Website, string Markdown, string Reasons, double SpamProbability,
    DateTime CreatedAt, string ArticleSlug, string ArticleTitle);

/// <summary>The blog's moderation queue. Only here, for the blog's editors, are commenters' e-mail addresses shown.</summary>
public class ModerationModel(FoyerDbContext db, TimeProvider time, SpamFilter filter) : BlogPageModel(db, time)
{
    public List<ModerationItem> Held { get; private set; } = [];
    public List<ModerationItem> RecentSpam { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? slug)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        if (!Blog.IsEditor) return Forbid();
        Held = await ListAsync(CommentStatus.Held, 200);
        RecentSpam = await ListAsync(CommentStatus.Spam, 20);
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(string? slug, long id)
    {
        var comment = await FindAsync(slug, id);
        if (comment is null) return NotFound();
        if (comment.Status is not (CommentStatus.Held or CommentStatus.Spam)) return Redirect($"{Blog.Path}/moderation");
        var wasSpam = comment.Status == CommentStatus.Spam;
        await ArticleComments.PublishAsync(Db, comment);
        var document = Document(comment);
        if (wasSpam) await filter.RelabelAsync(document, isSpam: false);
        else await filter.TrainAsync(document, isSpam: false);
        Flash(T["The comment was published as number {0}.", comment.Number ?? 0]);
        return Redirect($"{Blog.Path}/moderation");
    }

    public async Task<IActionResult> OnPostSpamAsync(string? slug, long id)
    {
        var comment = await FindAsync(slug, id);
        if (comment is null) return NotFound();
        if (comment.Status != CommentStatus.Held) return Redirect($"{Blog.Path}/moderation");
        comment.Status = CommentStatus.Spam;
        await Db.SaveChangesAsync();
        await filter.TrainAsync(Document(comment), isSpam: true);
        Flash(T["Marked as spam. The filter learns from it."]);
        return Redirect($"{Blog.Path}/moderation");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? slug, long id)
    {
        var comment = await FindAsync(slug, id);
        if (comment is null) return NotFound();
        if (comment.Status == CommentStatus.Held)
        {
            comment.Status = CommentStatus.Deleted;
            await Db.SaveChangesAsync();
        }
        return Redirect($"{Blog.Path}/moderation");
    }

    private static SpamDocument Document(ArticleComment c) => new(c.Markdown, c.GuestName, c.GuestEmail, c.GuestWebsite);

    private async Task<ArticleComment?> FindAsync(string? slug, long id)
    {
        if (await LoadBlogAsync(slug) is not null || !Blog.IsEditor) return null;
        var blogId = Blog.Blog.Id;
        return await Db.ArticleComments.FirstOrDefaultAsync(c => c.Id == id && c.Article!.BlogId == blogId);
    }

    private Task<List<ModerationItem>> ListAsync(CommentStatus status, int take)
    {
        var blogId = Blog.Blog.Id;
        return Db.ArticleComments.AsNoTracking().Where(c => c.Status == status && c.Article!.BlogId == blogId)
            .OrderByDescending(c => c.CreatedAt).Take(take)
            .Select(c => new ModerationItem(c.Id, c.AuthorId != null ? c.Author!.DisplayName : c.GuestName, c.AuthorId != null ? c.Author!.Email ?? "" : c.GuestEmail,
                c.GuestWebsite, c.Markdown, c.ModerationReasons, c.SpamProbability, c.CreatedAt, c.Article!.Slug, c.Article.Title))
            .ToListAsync();
    }
}
