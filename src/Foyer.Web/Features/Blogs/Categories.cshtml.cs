using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

/// <summary>A blog's categories, managed by its editors.</summary>
public class CategoriesModel(FoyerDbContext db, TimeProvider time) : BlogPageModel(db, time)
{
    public List<BlogCategory> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? slug)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        if (!Blog.IsEditor) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, string? name)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        if (!Blog.IsEditor) return Forbid();
        await LoadAsync();
        name = (name ?? "").Trim();
        var categorySlug = Slugs.From(name, maxLength: BlogCategory.MaxNameLength);
        if (name.Length is 0 or > BlogCategory.MaxNameLength || categorySlug.Length == 0)
        {
            return Rejected(400, T["A category needs a name of at most 60 characters with letters or digits."]);
        }
        if (Categories.Any(c => c.Slug == categorySlug)) return Rejected(409, T["This category exists already."]);
        Db.BlogCategories.Add(new BlogCategory { BlogId = Blog.Blog.Id, Name = name, Slug = categorySlug });
        try
        {
            await Db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return Rejected(409, T["This category exists already."]);
        }
        return Redirect($"{Blog.Path}/categories");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? slug, long id)
    {
        if (await LoadBlogAsync(slug) is { } failed) return failed;
        if (!Blog.IsEditor) return Forbid();
        var blogId = Blog.Blog.Id;
        await Db.BlogCategories.Where(c => c.Id == id && c.BlogId == blogId).ExecuteDeleteAsync();
        return Redirect($"{Blog.Path}/categories");
    }

    private async Task LoadAsync()
    {
        var blogId = Blog.Blog.Id;
        Categories = await Db.BlogCategories.AsNoTracking().Where(c => c.BlogId == blogId).OrderBy(c => c.Name).ToListAsync();
    }
}
