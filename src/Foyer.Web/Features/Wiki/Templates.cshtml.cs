using Foyer.Data;
using Foyer.Data.Wiki;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

/// <summary>Page templates: space admins make them for their space, organisation admins for every space.</summary>
public class TemplatesModel(FoyerDbContext db, TimeProvider time) : WikiPageModel(db)
{
    public List<WikiTemplate> Templates { get; private set; } = [];
    public bool IsOrgAdmin => Viewer.IsAdmin;
    public string Name { get; private set; } = "";
    public string Markdown { get; private set; } = "";

    public bool CanManage(WikiTemplate t) => t.SpaceId is null ? Viewer.IsAdmin : Access.IsSpaceAdmin;

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (await LoadSpaceAsync(slug) is { } failed) return failed;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string? name, string? markdown, bool everySpace)
    {
        if (await LoadSpaceAsync(slug) is { } failed) return failed;
        if (!(everySpace ? Viewer.IsAdmin : Access.IsSpaceAdmin)) return Forbid();
        await LoadAsync();
        Name = (name ?? "").Trim();
        Markdown = markdown ?? "";
        if (Name.Length is 0 or > WikiTemplate.MaxNameLength) return Rejected(400, T["The template needs a name of at most 100 characters."]);
        if (Markdown.Length > WikiPage.MaxMarkdownLength) return Rejected(413, T["The template is too long."]);
        Db.WikiTemplates.Add(new WikiTemplate
        {
            SpaceId = everySpace ? null : Access.Space.Id, Name = Name, Markdown = Markdown, CreatedById = Viewer.UserId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await Db.SaveChangesAsync();
        Flash(T["The template was saved."]);
        return Redirect($"{WikiPath}/templates");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, long id)
    {
        if (await LoadSpaceAsync(slug) is { } failed) return failed;
        var spaceId = Access.Space.Id;
        var template = await Db.WikiTemplates.FirstOrDefaultAsync(t => t.Id == id && (t.SpaceId == null || t.SpaceId == spaceId));
        if (template is null) return NotFound();
        if (!CanManage(template)) return Forbid();
        Db.WikiTemplates.Remove(template);
        await Db.SaveChangesAsync();
        Flash(T["The template was deleted."]);
        return Redirect($"{WikiPath}/templates");
    }

    private async Task LoadAsync()
    {
        var spaceId = Access.Space.Id;
        Templates = await Db.WikiTemplates.AsNoTracking().Where(t => t.SpaceId == null || t.SpaceId == spaceId).OrderBy(t => t.Name).ToListAsync();
    }
}
