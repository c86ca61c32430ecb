using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Features.Spaces;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

/// <summary>
/// One blog as the viewer meets it: the organisation's (at /blog) or a space's (at /spaces/{slug}/blog), with what the
/// viewer may do there. Writers write articles for the blog's own audience; editors (organisation admins, space
/// admins) also manage categories, moderate comments and move articles up the openness ladder.
/// </summary>
public sealed class BlogContext
{
    public required Blog Blog { get; init; }
    public SpaceAccess? Space { get; init; }
    public bool CanRead { get; init; }
    public bool CanWrite { get; init; }
    public bool IsEditor { get; init; }
    /// <summary>The space's address part, also when the viewer cannot see the space (a public article of it).</summary>
    public string? SpaceSlug { get; init; }
    public string Path => SpaceSlug is null ? "/blog" : $"/spaces/{SpaceSlug}/blog";
    public string Title => Blog.Title;

    /// <summary>Finds (and, for someone who may write, creates) the blog; null when it does not exist for the viewer.</summary>
    public static async Task<BlogContext?> LoadAsync(FoyerDbContext db, Viewer viewer, string? spaceSlug, string organisationName, TimeProvider time)
    {
        SpaceAccess? access = null;
        long? spaceId = null;
        if (spaceSlug is not null)
        {
            access = await SpaceAccess.LoadAsync(db, viewer, spaceSlug);
            if (access is null)
            {
                // A space the viewer cannot see may still have articles on the public web.
                spaceId = await db.Spaces.Where(s => s.Slug == spaceSlug).Select(s => (long?)s.Id).FirstOrDefaultAsync();
                if (spaceId is null) return null;
            }
            else
            {
                spaceId = access.Space.Id;
            }
        }
        var canRead = spaceSlug is null ? viewer.IsOrgMember : access?.CanRead == true;
        var canWrite = spaceSlug is null ? viewer.IsOrgMember : access?.CanParticipate(viewer) == true;
        var isEditor = spaceSlug is null ? viewer.IsAdmin : access?.IsSpaceAdmin == true;

        var blog = await db.Blogs.AsNoTracking().Include(b => b.Space).FirstOrDefaultAsync(b => b.SpaceId == spaceId);
        if (blog is null)
        {
            if (!canRead) return null;
            blog = new Blog
            {
                SpaceId = spaceId, Title = access?.Space.Name ?? organisationName, CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Blogs.Add(blog);
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                blog = await db.Blogs.AsNoTracking().FirstAsync(b => b.SpaceId == spaceId);
            }
        }
        return new BlogContext { Blog = blog, Space = access, SpaceSlug = spaceSlug, CanRead = canRead, CanWrite = canWrite, IsEditor = isEditor };
    }

    /// <summary>The articles of this blog the viewer may read (published, on their rung of the ladder).</summary>
    public IQueryable<Article> Visible(FoyerDbContext db, Viewer viewer, DateTime now)
    {
        var blogId = Blog.Id;
        return db.Articles.AsNoTracking().VisibleTo(viewer, now).Where(a => a.BlogId == blogId);
    }

    public bool CanEdit(Viewer viewer, Article article) => IsEditor || (CanWrite && article.AuthorId == viewer.UserId);
}
