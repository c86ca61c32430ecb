using Foyer.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public sealed record RevisionItem(int Version, string Author, DateTime CreatedAt, string Summary);

public class HistoryModel(FoyerDbContext db) : WikiPageModel(db)
{
    private const int PageSize = 50;
    public List<RevisionItem> Revisions { get; private set; } = [];
    public int? OlderThan { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string name, int? before)
    {
        if (await LoadPageAsync(slug, name, "/history") is { } other) return other;
        var query = Db.WikiRevisions.AsNoTracking().Where(r => r.PageId == WikiPage.Id);
        if (before is int b) query = query.Where(r => r.Version < b);
        Revisions = await query.OrderByDescending(r => r.Version).Take(PageSize + 1)
            .Select(r => new RevisionItem(r.Version, r.Author!.DisplayName, r.CreatedAt, r.Summary)).ToListAsync();
        if (Revisions.Count > PageSize)
        {
            Revisions.RemoveAt(PageSize);
            OlderThan = Revisions[^1].Version;
        }
        return Page();
    }
}
