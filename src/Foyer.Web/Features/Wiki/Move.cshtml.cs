using Foyer.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

/// <summary>Moves a page with its subpages under another page, or up and down among its siblings.</summary>
public class MoveModel(FoyerDbContext db) : WikiPageModel(db)
{
    public WikiTree Tree { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, string name)
    {
        if (await LoadPageAsync(slug, name, "/move") is { } other) return other;
        if (!CanWrite) return Forbid();
        Tree = await WikiTree.LoadAsync(Db, Access.Space.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string name, long? parentId)
    {
        if (await LoadPageAsync(slug, name, "/move") is { } other) return other;
        if (!CanWrite) return Forbid();
        Tree = await WikiTree.LoadAsync(Db, Access.Space.Id);
        if (parentId is long p)
        {
            if (Tree.Find(p) is null) return Rejected(400, T["The parent page does not exist in this space."]);
            if (Tree.IsSelfOrDescendant(WikiPage.Id, p))
            {
                return Rejected(400, T["A page cannot move under itself or one of its own subpages: that would make a loop."]);
            }
        }
        if (parentId == WikiPage.ParentId) return Redirect(PagePath);
        var position = (await Db.WikiPages.Where(x => x.SpaceId == Access.Space.Id && x.ParentId == parentId).MaxAsync(x => (int?)x.Position) ?? 0) + 1;
        await Db.WikiPages.Where(x => x.Id == WikiPage.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ParentId, parentId).SetProperty(x => x.Position, position));
        Flash(T["The page was moved."]);
        return Redirect(PagePath);
    }

    public async Task<IActionResult> OnPostReorderAsync(string slug, string name, string? direction)
    {
        if (await LoadPageAsync(slug, name, "/move") is { } other) return other;
        if (!CanWrite) return Forbid();
        if (direction is not ("up" or "down")) return BadRequest();
        var siblings = await Db.WikiPages.Where(x => x.SpaceId == Access.Space.Id && x.ParentId == WikiPage.ParentId)
            .OrderBy(x => x.Position).ThenBy(x => x.Title).ToListAsync();
        var index = siblings.FindIndex(x => x.Id == WikiPage.Id);
        var swap = direction == "up" ? index - 1 : index + 1;
        if (index >= 0 && swap >= 0 && swap < siblings.Count)
        {
            (siblings[index], siblings[swap]) = (siblings[swap], siblings[index]);
            for (var i = 0; i < siblings.Count; i++) siblings[i].Position = i + 1;
            await Db.SaveChangesAsync();
        }
        return Redirect($"{PagePath}/move");
    }
}
