using Foyer.Data;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

/// <summary>The articles of one category or one tag, as far as the viewer may read them.</summary>
public class ArchiveModel(FoyerDbContext db, TimeProvider time) : BlogPageModel(db, time)
{
    public ArticleListView List { get; private set; } = null!;
    public string Heading { get; private set; } = "";
    public string FeedQuery { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? slug, string kind, string name, int page = 1)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        var articles = Blog.Visible(Db, Viewer, Now);
        if (kind == "category")
        {
            var blogId = Blog.Blog.Id;
            var category = await Db.BlogCategories.AsNoTracking().FirstOrDefaultAsync(c => c.BlogId == blogId && c.Slug == name);
            if (category is null) return NotFound();
            articles = articles.Where(a => a.Categories.Any(c => c.CategoryId == category.Id));
            Heading = T["Category: {0}", category.Name];
            FeedQuery = "category=" + Uri.EscapeDataString(category.Slug);
        }
        else
        {
            var tag = TagNames.Normalize(name);
            if (tag is null) return NotFound();
            articles = articles.Where(a => a.Tags.Any(t => t.Tag!.Name == tag));
            Heading = T["Tag: {0}", tag];
            FeedQuery = "tag=" + Uri.EscapeDataString(tag);
        }
        List = await ArticleListView.LoadAsync(articles, Blog.Path, page);
        if (List.Articles.Count == 0 && !Blog.CanRead) return NotFound();
        return Page();
    }
}
