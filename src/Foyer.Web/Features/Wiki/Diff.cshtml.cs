using Foyer.Data;
using Foyer.Data.Wiki;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public class DiffModel(FoyerDbContext db, Microsoft.Extensions.Caching.Memory.IMemoryCache cache) : WikiPageModel(db)
{
    public WikiRevision From { get; private set; } = null!;
    public WikiRevision To { get; private set; } = null!;
    public string FromAuthor { get; private set; } = "";
    public string ToAuthor { get; private set; } = "";
    public string DiffHtml { get; private set; } = "";
    public WikiDiff.Stats Stats { get; private set; } = new(0, 0, 0);

    public async Task<IActionResult> OnGetAsync(string slug, string name, int? from, int? to)
    {
        if (await LoadPageAsync(slug, name, "/diff") is { } other) return other;
        var toVersion = to ?? WikiPage.Version;
        var fromVersion = from ?? toVersion - 1;
        if (fromVersion > toVersion) (fromVersion, toVersion) = (toVersion, fromVersion);
        // Only revisions of this page: a version number of another page finds nothing here.
        var revisions = await Db.WikiRevisions.AsNoTracking().Include(r => r.Author)
            .Where(r => r.PageId == WikiPage.Id && (r.Version == fromVersion || r.Version == toVersion)).ToListAsync();
        var f = revisions.FirstOrDefault(r => r.Version == fromVersion);
        var t = revisions.FirstOrDefault(r => r.Version == toVersion);
        if (f is null || t is null) return NotFound();
        (From, To) = (f, t);
        FromAuthor = f.Author?.DisplayName ?? "";
        ToAuthor = t.Author?.DisplayName ?? "";
        // Revisions never change: a diff, once rendered, is kept (by size, within the shared memory budget).
        var key = (nameof(DiffModel), f.Id, t.Id, System.Globalization.CultureInfo.CurrentUICulture.Name);
        if (!cache.TryGetValue(key, out (string Html, WikiDiff.Stats Stats) diff))
        {
            diff = WikiDiff.Render(f.Markdown, t.Markdown, T["… {0} unchanged lines …"]);
            cache.Set(key, diff, new Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions
            {
                Size = 1 + diff.Html.Length / 1024, SlidingExpiration = TimeSpan.FromHours(1),
            });
        }
        (DiffHtml, Stats) = diff;
        return Page();
    }
}
