using Foyer.Data;
using Foyer.Data.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public class ViewModel(FoyerDbContext db, TimeProvider time, Insights.WikiViewCounter views) : WikiPageModel(db)
{
    public IReadOnlyList<WikiNode> Breadcrumbs { get; private set; } = [];
    public IReadOnlyList<WikiNode> Children { get; private set; } = [];
    public List<Backlink> Backlinks { get; private set; } = [];
    public string UpdatedBy { get; private set; } = "";
    public bool Watching { get; private set; }
    /// <summary>The person's first wiki page ever: the page explains what the wiki is for.</summary>
    public bool FirstVisit { get; private set; }
    public long? SourcePostId { get; private set; }
    public IReadOnlyList<Foyer.Data.Files.StoredFile> Attachments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string name)
    {
        if (await LoadPageAsync(slug, name) is { } other) return other;
        // "Knowledge found again": a view by someone other than the page's creator, counted per space and day only.
        if (WikiPage.CreatedById != Viewer.UserId && !Access.Space.IsSandbox) views.Count(Access.Space.Id);
        FirstVisit = await Onboarding.FirstSteps.WikiFoundAsync(Db, Viewer.UserId, time.GetUtcNow().UtcDateTime);
        Breadcrumbs = await WikiTree.AncestorsAsync(Db, Access.Space.Id, WikiPage.ParentId);
        Children = await WikiTree.ChildrenAsync(Db, Access.Space.Id, WikiPage.Id);
        Backlinks = await Wiki.Backlinks.ForAsync(Db, Viewer, WikiPage);
        Attachments = await WikiFiles.OfAsync(Db, WikiPage.Id);
        UpdatedBy = await Db.Users.Where(u => u.Id == WikiPage.UpdatedById).Select(u => u.DisplayName).FirstOrDefaultAsync() ?? "";
        Watching = await Db.WikiWatches.AnyAsync(w => w.PageId == WikiPage.Id && w.UserId == Viewer.UserId);
        // The discussion link is shown only to those who may read that post.
        SourcePostId = WikiPage.SourcePostId is long source && await Db.Posts.VisibleTo(Viewer).AnyAsync(p => p.Id == source) ? source : null;
        return Page();
    }

    public async Task<IActionResult> OnPostWatchAsync(string slug, string name)
    {
        if (await LoadPageAsync(slug, name) is { } other) return other;
        var removed = await Db.WikiWatches.Where(w => w.PageId == WikiPage.Id && w.UserId == Viewer.UserId).ExecuteDeleteAsync();
        if (removed == 0)
        {
            Db.WikiWatches.Add(new WikiWatch { PageId = WikiPage.Id, UserId = Viewer.UserId, CreatedAt = time.GetUtcNow().UtcDateTime });
            try
            {
                await Db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // A double click: already watching.
            }
        }
        Flash(removed == 0 ? T["You are watching this page."] : T["You no longer watch this page."]);
        return Redirect(PagePath);
    }
}
