using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

/// <summary>Earlier versions of a post, for exactly those who may read the post.</summary>
public class HistoryModel(FoyerDbContext db) : FoyerPageModel
{
    public long Id { get; private set; }
    public int CurrentVersion { get; private set; }
    public string CurrentHtml { get; private set; } = "";
    public List<PostRevision> Revisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var post = await db.Posts.AsNoTracking().VisibleTo(Viewer).Where(p => p.Id == id)
            .Select(p => new { p.Id, p.Version, p.Html }).FirstOrDefaultAsync();
        if (post is null) return NotFound();
        Id = post.Id;
        CurrentVersion = post.Version;
        CurrentHtml = post.Html;
        Revisions = await db.PostRevisions.AsNoTracking().Where(r => r.PostId == id).OrderByDescending(r => r.Version).ToListAsync();
        return Page();
    }
}
