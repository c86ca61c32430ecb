using Foyer.Data.Blogs;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public sealed record ArticleSummary(long Id, string Slug, string Title, string Excerpt, DateTime? PublishAt, string AuthorName,
    ArticleAudience Audience, int CommentCount);

public sealed record ArticleListView(string BlogPath, IReadOnlyList<ArticleSummary> Articles, int Page, bool HasMore)
{
    public const int PageSize = 10;

    /// <summary>One page of articles, newest publication first.</summary>
    public static async Task<ArticleListView> LoadAsync(IQueryable<Article> articles, string blogPath, int page)
    {
        page = Math.Clamp(page, 1, 10_000);
        var rows = await articles.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(a => new ArticleSummary(a.Id, a.Slug, a.Title, a.Excerpt, a.PublishAt, a.Author!.DisplayName, a.Audience, a.CommentCount))
            .ToListAsync();
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        return new ArticleListView(blogPath, rows, page, hasMore);
    }
}
