using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Features.Blogs.Spam;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public class ArticleModel(FoyerDbContext db, TimeProvider time, CommentIntake intake) : BlogPageModel(db, time)
{
    public Article Article { get; private set; } = null!;
    public List<BlogCategory> Categories { get; private set; } = [];
    public List<string> Tags { get; private set; } = [];
    public List<ArticleCommentView> Comments { get; private set; } = [];
    public int CommentCount { get; private set; }
    public string AuthorName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public bool CanComment { get; private set; }
    public ArticleCommentView? ReplyTo { get; private set; }
    public string Draft { get; private set; } = "";
    public string CanonicalUrl { get; private set; } = "";
    public bool CanGuestComment { get; private set; }
    public string GuestName { get; private set; } = "";
    public string GuestWebsite { get; private set; } = "";
    public IReadOnlyList<Foyer.Data.Files.StoredFile> Attachments { get; private set; } = [];
    public string FormStamp => intake.FormStamp();
    public new DateTime Now => base.Now;

    public async Task<IActionResult> OnGetAsync(string? slug, string article, long? replyTo)
    {
        if (await LoadAsync(slug, article) is { } failed) return failed;
        ReplyTo = replyTo is long r ? Flatten(Comments).FirstOrDefault(c => c.Id == r) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostCommentAsync(string? slug, string article, string? markdown, long? parentId, string? stamp)
    {
        if (await LoadAsync(slug, article) is { } failed) return failed;
        if (!CanComment) return Viewer.IsAnonymous ? Challenge() : Forbid();
        markdown = (markdown ?? "").Trim();
        Draft = markdown;
        if (markdown.Length == 0) return Rejected(400, T["The comment is empty. Write something first."]);
        if (markdown.Length > ArticleComment.MaxMarkdownLength)
        {
            return Rejected(413, T["The comment is too long: {0} characters, at most {1} are allowed.", markdown.Length, ArticleComment.MaxMarkdownLength]);
        }
        var parent = await ResolveParentAsync(parentId, markdown);
        if (parentId is not null && parent is null) return Rejected(400, T["The comment you replied to does not belong to this article."]);

        var author = await Db.Users.AsNoTracking().Where(u => u.Id == Viewer.UserId).Select(u => new { u.CreatedAt, u.DisplayName, u.Email }).FirstAsync();
        var (verdict, comment) = await intake.SubmitAsync(Blog, new CommentSubmission(Article.Id, parent, markdown, Viewer.UserId,
            (int)(Now - author.CreatedAt).TotalDays, author.DisplayName, author.Email ?? "", "", null,
            // People with an account were invited: without a form stamp (another client) they are taken as people, not scripts.
            intake.ReadStamp(stamp) ?? Now.AddMinutes(-1), HttpContext.Connection.RemoteIpAddress));
        return AfterSubmit(verdict, comment);
    }

    public async Task<IActionResult> OnPostGuestCommentAsync(string? slug, string article, string? name, string? email, string? website,
        string? markdown, long? parentId, string? stamp, string? homepage)
    {
        if (await LoadAsync(slug, article) is { } failed) return failed;
        if (!CanGuestComment) return NotFound();
        GuestName = (name ?? "").Trim();
        GuestWebsite = (website ?? "").Trim();
        markdown = (markdown ?? "").Trim();
        Draft = markdown;
        email = (email ?? "").Trim();
        if (GuestInput.Check(GuestName, email, GuestWebsite, markdown, T) is { } problem) return Rejected(problem.Status, problem.Message);
        var parent = await ResolveParentAsync(parentId, markdown);
        if (parentId is not null && parent is null) return Rejected(400, T["The comment you replied to does not belong to this article."]);
        var (verdict, comment) = await intake.SubmitAsync(Blog, new CommentSubmission(Article.Id, parent, markdown, null, null,
            GuestName, email, GuestWebsite, homepage, intake.ReadStamp(stamp), HttpContext.Connection.RemoteIpAddress));
        return AfterSubmit(verdict, comment);
    }

    private RedirectResult AfterSubmit(SpamVerdict verdict, Data.Blogs.ArticleComment? comment)
    {
        if (verdict == SpamVerdict.Publish && comment?.Number is int number) return Redirect($"{Blog.Path}/{Article.Slug}#comment-{number}");
        // Held and silently rejected comments get the same answer: a spammer learns nothing.
        Flash(T["Thank you! Your comment will appear once a moderator has looked at it."]);
        return Redirect($"{Blog.Path}/{Article.Slug}#comments");
    }

    /// <summary>The comment answered: the chosen one, or the latest by the person named in a leading "@Name".</summary>
    private async Task<long?> ResolveParentAsync(long? parentId, string markdown)
    {
        var articleId = Article.Id;
        if (parentId is long p)
        {
            return await Db.ArticleComments.AnyAsync(c => c.Id == p && c.ArticleId == articleId && c.Status == CommentStatus.Published) ? p : null;
        }
        var name = ArticleComments.LeadingName(markdown);
        if (name is null) return null;
        return Flatten(Comments).Where(c => c.Name.StartsWith(name, StringComparison.CurrentCultureIgnoreCase)
                || (c.ProfileHandle?.Equals(name, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderByDescending(c => c.Number).Select(c => (long?)c.Id).FirstOrDefault();
    }

    private async Task<IActionResult?> LoadAsync(string? slug, string articleSlug)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        var article = await FindArticleAsync(articleSlug);
        if (article is null) return NotFound();
        Article = article;
        AuthorName = article.Author?.DisplayName ?? "";
        Categories = await Db.ArticleCategories.AsNoTracking().Where(c => c.ArticleId == article.Id).Select(c => c.Category!).OrderBy(c => c.Name).ToListAsync();
        Tags = await Db.ArticleTags.AsNoTracking().Where(t => t.ArticleId == article.Id).Select(t => t.Tag!.Name).OrderBy(t => t).ToListAsync();
        Comments = await ArticleCommentView.ThreadAsync(Db, article.Id);
        Attachments = await Foyer.Web.Infrastructure.Files.FileIntake.OfAsync(Db, Foyer.Data.Files.FileOwnerKind.Article, article.Id);
        CommentCount = Flatten(Comments).Count(c => !c.Removed);
        CanEdit = Blog.CanEdit(Viewer, article);
        var published = await Blog.Visible(Db, Viewer, Now).AnyAsync(a => a.Id == article.Id);
        CanComment = published && article.CommentsOpen && !Viewer.IsAnonymous && (Blog.CanWrite || Viewer.IsOrgMember || article.Audience == ArticleAudience.Public);
        // People without an account comment only where the article is public.
        CanGuestComment = published && article.CommentsOpen && Viewer.IsAnonymous && article.Audience == ArticleAudience.Public;
        CanonicalUrl = $"{Request.Scheme}://{Request.Host}{Blog.Path}/{article.Slug}";
        ViewData["CanComment"] = CanComment;
        ViewData["IsModerator"] = Blog.IsEditor;
        ViewData["ViewerId"] = Viewer.UserId;
        ViewData["Now"] = Now;
        ViewData["ArticlePath"] = $"{Blog.Path}/{article.Slug}";
        return null;
    }

    private static IEnumerable<ArticleCommentView> Flatten(IEnumerable<ArticleCommentView> comments) =>
        comments.SelectMany(c => Flatten(c.Replies).Prepend(c));
}
