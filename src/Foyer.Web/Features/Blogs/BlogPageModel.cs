using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public abstract class BlogPageModel(FoyerDbContext db, TimeProvider time) : FoyerPageModel
{
    protected FoyerDbContext Db { get; } = db;
    protected TimeProvider Time { get; } = time;
    protected DateTime Now => Time.GetUtcNow().UtcDateTime;
    public BlogContext Blog { get; private set; } = null!;

    /// <summary>Null when the blog exists for the viewer; otherwise the 404 to answer.</summary>
    protected async Task<IActionResult?> LoadBlogAsync(string? slug)
    {
        var org = HttpContext.RequestServices.GetRequiredService<OrganisationState>();
        var blog = await BlogContext.LoadAsync(Db, Viewer, slug, org.Name, Time);
        if (blog is null) return NotFound();
        Blog = blog;
        return null;
    }

    /// <summary>An article of this blog for its page: published and visible, or a draft for its author and the editors.</summary>
    protected async Task<Article?> FindArticleAsync(string articleSlug)
    {
        var blogId = Blog.Blog.Id;
        var article = await Db.Articles.AsNoTracking().Include(a => a.Author).FirstOrDefaultAsync(a => a.BlogId == blogId && a.Slug == articleSlug);
        if (article is null) return null;
        if (await Blog.Visible(Db, Viewer, Now).AnyAsync(a => a.Id == article.Id)) return article;
        return Blog.CanEdit(Viewer, article) ? article : null;
    }
}
