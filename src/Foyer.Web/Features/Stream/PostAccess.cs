using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Web.Features.Spaces;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

/// <summary>A post the viewer may read, with what they may do to it.</summary>
public sealed record PostAccess(Post Post, SpaceAccess Space)
{
    public static async Task<PostAccess?> LoadAsync(FoyerDbContext db, Viewer viewer, long id)
    {
        var post = await db.Posts.AsNoTracking().VisibleTo(viewer).Include(p => p.Author).FirstOrDefaultAsync(p => p.Id == id);
        if (post is null) return null;
        var space = await SpaceAccess.LoadAsync(db, viewer, post.SpaceId);
        return space is null ? null : new PostAccess(post, space);
    }

    public bool CanEdit(Viewer viewer) => Post.AuthorId == viewer.UserId && Space.Space.ArchivedAt == null && Post.Kind == Data.Stream.PostKind.Regular;
    public bool CanDelete(Viewer viewer) => Post.AuthorId == viewer.UserId || Space.IsSpaceAdmin;
}
