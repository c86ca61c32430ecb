using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Web.Features.Spaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public sealed record AudienceHistoryItem(DateTime CreatedAt, string Actor, ArticleAudience From, ArticleAudience To);

/// <summary>Writes and edits an article. Raising it to the organisation or the public web is an editor's deliberate step.</summary>
public class WriteModel(FoyerDbContext db, TimeProvider time, ArticleWriter writer, Foyer.Web.Infrastructure.Files.FileIntake files) : BlogPageModel(db, time)
{
    public long? Id { get; private set; }
    public int Version { get; private set; }
    public WriteInput Input { get; private set; } = new();
    public List<BlogCategory> Categories { get; private set; } = [];
    public string SpaceAudienceText { get; private set; } = "";
    public int OrganisationCount { get; private set; }
    public List<AudienceHistoryItem> AudienceHistory { get; private set; } = [];
    public IReadOnlyList<Foyer.Data.Files.StoredFile> PendingFiles { get; private set; } = [];
    public IReadOnlyList<Foyer.Data.Files.StoredFile> Attachments { get; private set; } = [];

    public sealed class WriteInput
    {
        public string Title { get; set; } = "";
        public string Markdown { get; set; } = "";
        public string Excerpt { get; set; } = "";
        public long[] CategoryIds { get; set; } = [];
        public string Tags { get; set; } = "";
        public ArticleStatus Status { get; set; } = ArticleStatus.Draft;
        public DateTime? PublishAt { get; set; }
        public ArticleAudience Audience { get; set; } = ArticleAudience.Space;
        public bool CommentsOpen { get; set; } = true;
        public bool ConfirmPublic { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string? slug, long? id)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        if (!Blog.CanWrite) return Forbid();
        if (id is long articleId)
        {
            var article = await LoadEditableAsync(articleId);
            if (article is null) return NotFound();
            Id = article.Id;
            Version = article.Version;
            Input = new WriteInput
            {
                Title = article.Title, Markdown = article.Markdown, Excerpt = article.Excerpt, Status = article.Status, PublishAt = article.PublishAt,
                Audience = article.Audience, CommentsOpen = article.CommentsOpen, CategoryIds = article.Categories.Select(c => c.CategoryId).ToArray(),
                Tags = string.Join(", ", article.Tags.Select(t => t.Tag!.Name)),
            };
        }
        await FillAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, long? id, [FromForm] WriteInput input)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        if (!Blog.CanWrite) return Forbid();
        Input = input;
        input.Title = (input.Title ?? "").Trim();
        input.Markdown ??= "";
        input.Excerpt ??= "";
        input.Tags ??= "";
        Article? existing = null;
        if (id is long articleId)
        {
            existing = await LoadEditableAsync(articleId);
            if (existing is null) return NotFound();
            Id = existing.Id;
        }
        await FillAsync(id);
        Version = input.Version;
        var attached = await files.AcceptAsync(Viewer, Request, Attachments.Count);
        PendingFiles = attached.Files;
        if (!attached.Ok) return Rejected(attached.Status ?? 400, attached.Error!);
        if (input.Title.Length is 0 or > Article.MaxTitleLength) return Rejected(400, T["The article needs a title of at most 200 characters."]);
        if (input.Markdown.Length > Article.MaxMarkdownLength) return Rejected(413, T["The article is too long: {0} characters, at most {1} are allowed.", input.Markdown.Length, Article.MaxMarkdownLength]);
        if (input.Excerpt.Length > Article.MaxExcerptLength) return Rejected(400, T["The excerpt is too long: at most 500 characters."]);
        if (!Enum.IsDefined(input.Status) || !Enum.IsDefined(input.Audience)) return Rejected(400, T["Please choose a status and an audience from the list."]);
        if (input.Status == ArticleStatus.Scheduled && (input.PublishAt is null || input.PublishAt <= Now))
        {
            return Rejected(400, T["A scheduled article needs a publication time in the future."]);
        }
        var currentAudience = existing?.Audience ?? ArticleAudience.Space;
        if (input.Audience != currentAudience && input.Audience > ArticleAudience.Space && !Blog.IsEditor)
        {
            return Rejected(403, T["Only the blog's editors can open an article to the organisation or the public web."]);
        }
        if (input.Audience == ArticleAudience.Public && currentAudience != ArticleAudience.Public && !input.ConfirmPublic)
        {
            return Rejected(400, T["Please confirm that this article should go on the public web."]);
        }
        var known = Categories.Select(c => c.Id).ToHashSet();
        if (input.CategoryIds.Any(c => !known.Contains(c))) return Rejected(400, T["Please choose categories of this blog."]);
        if (existing is not null && existing.Version != input.Version)
        {
            return Rejected(409, T["Someone saved this article while you were editing. Your text is still here; reload the article in another tab to compare."]);
        }

        var saved = await writer.SaveAsync(Blog, existing, Viewer.UserId, new ArticleInput(input.Title, input.Markdown, input.Excerpt,
            input.Status, input.PublishAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null, input.Audience, input.CategoryIds, input.Tags, input.CommentsOpen));
        await Foyer.Web.Infrastructure.Files.FileIntake.AttachAsync(Db, attached.Files, Foyer.Data.Files.FileOwnerKind.Article, saved.Id);
        Flash(T["The article was saved."]);
        return Redirect(saved.Status == ArticleStatus.Draft ? $"{Blog.Path}/write/{saved.Id}" : $"{Blog.Path}/{saved.Slug}");
    }

    private async Task<Article?> LoadEditableAsync(long id)
    {
        var blogId = Blog.Blog.Id;
        var article = await Db.Articles.AsNoTracking().Include(a => a.Categories).Include(a => a.Tags).ThenInclude(t => t.Tag)
            .FirstOrDefaultAsync(a => a.Id == id && a.BlogId == blogId);
        return article is not null && Blog.CanEdit(Viewer, article) ? article : null;
    }

    private async Task FillAsync(long? articleId)
    {
        var blogId = Blog.Blog.Id;
        if (articleId is long attachedTo) Attachments = await Foyer.Web.Infrastructure.Files.FileIntake.OfAsync(Db, Foyer.Data.Files.FileOwnerKind.Article, attachedTo);
        Categories = await Db.BlogCategories.AsNoTracking().Where(c => c.BlogId == blogId).OrderBy(c => c.Name).ToListAsync();
        OrganisationCount = await Db.Users.CountAsync(u => u.DeactivatedAt == null && u.Role != OrgRole.Guest);
        if (Blog.Space is { } space)
        {
            var audience = await AudienceSummary.ForAsync(Db, space.Space);
            SpaceAudienceText = audience.IncludesGuests
                ? T["Those who can read “{0}”: {1} people, including {2} external guest(s).", space.Space.Name, audience.People, audience.Guests]
                : T["Those who can read “{0}”: {1} people.", space.Space.Name, audience.People];
        }
        else
        {
            SpaceAudienceText = T["Everyone in the organisation: {0} people, no guests.", OrganisationCount];
        }
        if (articleId is long id)
        {
            AudienceHistory = await Db.ArticleAudienceChanges.AsNoTracking().Where(h => h.ArticleId == id).OrderByDescending(h => h.CreatedAt)
                .Join(Db.Users, h => h.ActorId, u => u.Id, (h, u) => new AudienceHistoryItem(h.CreatedAt, u.DisplayName, h.From, h.To)).ToListAsync();
        }
    }
}
