using Foyer.Data;
using Foyer.Data.Blogs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public class FrontModel(FoyerDbContext db, TimeProvider time) : BlogPageModel(db, time)
{
    public ArticleListView List { get; private set; } = null!;
    public List<BlogCategory> Categories { get; private set; } = [];
    public List<Article> Drafts { get; private set; } = [];
    public int HeldCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? slug, int page = 1)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        var visible = Blog.Visible(Db, Viewer, Now);
        if (!Blog.CanRead && !await visible.AnyAsync()) return Viewer.IsAnonymous ? Challenge() : NotFound();
        List = await ArticleListView.LoadAsync(visible, Blog.Path, page);
        var blogId = Blog.Blog.Id;
        Categories = await Db.BlogCategories.AsNoTracking().Where(c => c.BlogId == blogId).OrderBy(c => c.Name).ToListAsync();
        if (Blog.CanWrite)
        {
            var now = Now;
            var uid = Viewer.UserId;
            var editor = Blog.IsEditor;
            Drafts = await Db.Articles.AsNoTracking()
                .Where(a => a.BlogId == blogId && (a.Status == ArticleStatus.Draft || (a.Status == ArticleStatus.Scheduled && a.PublishAt > now))
                    && (editor || a.AuthorId == uid))
                .OrderByDescending(a => a.UpdatedAt).Take(50).ToListAsync();
        }
        if (Blog.IsEditor)
        {
            HeldCount = await Db.ArticleComments.CountAsync(c => c.Status == CommentStatus.Held && c.Article!.BlogId == blogId);
        }
        return Page();
    }
}
