using Foyer.Data;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

/// <summary>An old version of a page, rendered as it reads now; restoring it saves it as a new version.</summary>
public class RevisionModel(FoyerDbContext db, SpaceContentRenderer renderer, WikiWriter writer) : WikiPageModel(db)
{
    public WikiRevision Revision { get; private set; } = null!;
    public string Author { get; private set; } = "";
    public string Html { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, string name, int version)
    {
        if (await LoadPageAsync(slug, name, $"/revisions/{version}") is { } other) return other;
        if (!await LoadRevisionAsync(version)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string slug, string name, int version, int baseVersion)
    {
        if (await LoadPageAsync(slug, name, $"/revisions/{version}") is { } other) return other;
        if (!CanWrite) return Forbid();
        if (!await LoadRevisionAsync(version)) return NotFound();
        var outcome = await writer.SaveAsync(Access.Space, WikiPage, Viewer.UserId, baseVersion, Revision.Title, Revision.Markdown,
            T["Restored version {0}", version], minor: false);
        switch (outcome)
        {
            case WikiSaveOutcome.Conflict:
                return Rejected(409, T["Someone saved a newer version of this page in the meantime. Look at it before restoring."]);
            case WikiSaveOutcome.TitleTaken:
                return Rejected(409, T["Another page now has this version's title, so it cannot be restored with it."]);
            default:
                Flash(outcome == WikiSaveOutcome.Unchanged ? T["This version is the same as the current one."] : T["Version {0} was restored as a new version.", version]);
                var slugNow = await Db.WikiPages.Where(p => p.Id == WikiPage.Id).Select(p => p.Slug).FirstAsync();
                return Redirect($"{WikiPath}/{slugNow}");
        }
    }

    private async Task<bool> LoadRevisionAsync(int version)
    {
        var revision = await Db.WikiRevisions.AsNoTracking().Include(r => r.Author)
            .FirstOrDefaultAsync(r => r.PageId == WikiPage.Id && r.Version == version);
        if (revision is null) return false;
        Revision = revision;
        Author = revision.Author?.DisplayName ?? "";
        Html = (await renderer.RenderAsync(Access.Space, revision.Markdown)).Rendered.Html;
        return true;
    }
}
