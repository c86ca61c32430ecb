using Foyer.Data;
using Microsoft.AspNetCore.Mvc;

namespace Foyer.Web.Features.Wiki;

public class IndexModel(FoyerDbContext db) : WikiPageModel(db)
{
    public WikiTree Tree { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (await LoadSpaceAsync(slug) is { } failed) return failed;
        Tree = await WikiTree.LoadAsync(Db, Access.Space.Id);
        return Page();
    }
}
