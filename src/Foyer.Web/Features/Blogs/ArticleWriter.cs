using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Data.Stream;
using Foyer.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public sealed record ArticleInput(string Title, string Markdown, string Excerpt, ArticleStatus Status, DateTime? PublishAt,
    ArticleAudience Audience, IReadOnlyList<long> CategoryIds, string Tags, bool CommentsOpen);

/// <summary>Stores an article: rendered content, a unique slug, categories, tags, and every audience change in the audit trail.</summary>
public sealed class ArticleWriter(FoyerDbContext db, SpaceContentRenderer renderer, TimeProvider time)
{
    /// <summary>Slugs the blog's own pages use: an article never gets one of them.</summary>
    public static readonly string[] ReservedSlugs = ["write", "category", "tag", "categories", "moderation", "feed"];

    public async Task<Article> SaveAsync(BlogContext blog, Article? existing, long actorId, ArticleInput input)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var content = blog.Space is { } space
            ? await renderer.RenderAsync(space.Space, input.Markdown)
            : await renderer.RenderForOrganisationAsync(input.Markdown);
        var excerpt = input.Excerpt.Trim();
        if (excerpt.Length == 0)
        {
            var plain = content.Rendered.PlainText.ReplaceLineEndings(" ");
            excerpt = plain.Length <= 280 ? plain : plain[..280].TrimEnd() + "…";
        }

        var article = existing is null ? new Article { BlogId = blog.Blog.Id, AuthorId = actorId, CreatedAt = now }
            : await db.Articles.Include(a => a.Categories).Include(a => a.Tags).FirstAsync(a => a.Id == existing.Id);
        var previousAudience = existing is null ? ArticleAudience.Space : article.Audience;
        article.Title = input.Title;
        if (existing is null || existing.Status == ArticleStatus.Draft) article.Slug = await UniqueSlugAsync(blog.Blog.Id, input.Title, article.Id);
        article.Markdown = input.Markdown;
        article.Html = content.Rendered.Html;
        article.PlainText = content.Rendered.PlainText;
        article.Excerpt = excerpt;
        // A published article keeps its first publication date through later edits.
        var firstPublished = existing is { Status: ArticleStatus.Published } ? existing.PublishAt : null;
        article.Status = input.Status;
        article.PublishAt = input.Status switch
        {
            ArticleStatus.Scheduled => input.PublishAt,
            ArticleStatus.Published => firstPublished ?? now,
            _ => null,
        };
        article.Audience = input.Audience;
        article.CommentsOpen = input.CommentsOpen;
        article.UpdatedAt = now;
        if (existing is not null) article.Version++;

        article.Categories.Clear();
        foreach (var id in input.CategoryIds.Distinct()) article.Categories.Add(new ArticleCategory { CategoryId = id });
        article.Tags.Clear();
        var tagNames = ParseTags(input.Tags).Concat(content.Rendered.Tags).Distinct().Take(20).ToList();
        var tags = await db.Tags.Where(t => tagNames.Contains(t.Name)).ToDictionaryAsync(t => t.Name);
        foreach (var name in tagNames)
        {
            if (!tags.TryGetValue(name, out var tag))
            {
                tag = new Tag { Name = name };
                db.Tags.Add(tag);
            }
            article.Tags.Add(new ArticleTag { Tag = tag });
        }
        if (existing is null) db.Articles.Add(article);
        await db.SaveChangesAsync();
        if (previousAudience != article.Audience || existing is null && article.Audience != ArticleAudience.Space)
        {
            db.ArticleAudienceChanges.Add(new ArticleAudienceChange { ArticleId = article.Id, ActorId = actorId, From = previousAudience, To = article.Audience, CreatedAt = now });
            if (article.Audience == ArticleAudience.Public)
            {
                // Opening content to the public web is an act the organisation's admins see in the audit log.
                Privacy.AuditLog.Record(db, actorId, Foyer.Data.Privacy.AuditAction.ContentMadePublic, Privacy.AuditLog.Article(article.Id),
                    $"from={previousAudience} to={article.Audience}", now);
            }
            await db.SaveChangesAsync();
        }
        return article;
    }

    public static IEnumerable<string> ParseTags(string text) =>
        text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TagNames.Normalize).OfType<string>();

    private async Task<string> UniqueSlugAsync(long blogId, string title, long articleId)
    {
        var stem = Slugs.From(title, maxLength: Article.MaxTitleLength);
        if (stem.Length == 0) stem = "beitrag";
        if (ReservedSlugs.Contains(stem)) stem += "-1";
        var taken = await db.Articles.Where(a => a.BlogId == blogId && a.Id != articleId && (a.Slug == stem || a.Slug.StartsWith(stem + "-")))
            .Select(a => a.Slug).ToListAsync();
        var slug = stem;
        for (var n = 2; taken.Contains(slug); n++) slug = $"{stem}-{n}";
        return slug;
    }
}
