using Foyer.Data;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Spaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

/// <summary>Base of the wiki's pages: finds the space (as far as the viewer may read it) and the page, following old slugs.</summary>
public abstract class WikiPageModel(FoyerDbContext db) : FoyerPageModel
{
    protected FoyerDbContext Db { get; } = db;
    public SpaceAccess Access { get; private set; } = null!;
    public WikiPage WikiPage { get; private set; } = null!;
    public bool CanWrite => Access.CanParticipate(Viewer);
    public string WikiPath => $"/spaces/{Access.Space.Slug}/wiki";
    public string PagePath => $"{WikiPath}/{WikiPage.Slug}";

    /// <summary>Null when the space is readable; otherwise the 404 to answer (a space one may not read has no wiki).</summary>
    protected async Task<IActionResult?> LoadSpaceAsync(string slug)
    {
        var access = await SpaceAccess.LoadAsync(Db, Viewer, slug);
        if (access is null || !access.CanRead) return NotFound();
        Access = access;
        return null;
    }

    /// <summary>Null when the page was found; a redirect when an old slug was used; otherwise 404.</summary>
    protected async Task<IActionResult?> LoadPageAsync(string slug, string name, string suffix = "")
    {
        if (await LoadSpaceAsync(slug) is { } failed) return failed;
        var found = await Db.WikiPages.AsNoTracking().FirstOrDefaultAsync(p => p.SpaceId == Access.Space.Id && p.Slug == name);
        if (found is not null)
        {
            WikiPage = found;
            return null;
        }
        var moved = await Db.WikiAliases.AsNoTracking()
            .Where(a => a.SpaceId == Access.Space.Id && a.Kind == WikiAliasKind.Slug && a.Value == name)
            .Join(Db.WikiPages, a => a.PageId, p => p.Id, (a, p) => p.Slug).FirstOrDefaultAsync();
        return moved is null ? NotFound() : RedirectPermanent($"/spaces/{Access.Space.Slug}/wiki/{moved}{suffix}{Request.QueryString}");
    }
}
