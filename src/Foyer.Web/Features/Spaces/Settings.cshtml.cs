using System.Globalization;
using Foyer.Data;
using Foyer.Data.Privacy;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Privacy;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Spaces;

/// <summary>
/// A space's admins change its name, description and visibility. The address stays (links keep working); a change of
/// visibility is in the organisation's audit log. The sandbox stays secret.
/// </summary>
public class SettingsModel(FoyerDbContext db, TimeProvider time) : FoyerPageModel
{
    [BindProperty] public NewModel.SpaceInput Input { get; set; } = new();
    public SpaceAccess Access { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (await LoadAsync(slug) is { } denied) return denied;
        Input = new NewModel.SpaceInput { Name = Access.Space.Name, Description = Access.Space.Description, Visibility = Access.Space.Visibility };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (await LoadAsync(slug) is { } denied) return denied;
        if (!ModelState.IsValid || !Enum.IsDefined(Input.Visibility)) return Rejected(400, T["Please correct the marked fields."]);
        if (Access.Space.IsSandbox && Input.Visibility != SpaceVisibility.Secret)
        {
            return Rejected(400, T["The sandbox stays visible to its members only."], "Input.Visibility");
        }
        var name = Input.Name.Trim();
        var normalized = name.ToUpperInvariant();
        if (normalized != Access.Space.NormalizedName && await db.Spaces.ListableBy(Viewer).AnyAsync(s => s.Id != Access.Space.Id && s.NormalizedName == normalized))
        {
            return Rejected(409, T["A space with this name already exists. Please choose another name."], "Input.Name");
        }
        var space = await db.Spaces.FirstAsync(s => s.Id == Access.Space.Id);
        var before = space.Visibility;
        (space.Name, space.NormalizedName, space.Description, space.Visibility) = (name, normalized, Input.Description?.Trim() ?? "", Input.Visibility);
        if (before != Input.Visibility)
        {
            AuditLog.Record(db, Viewer.UserId, AuditAction.SpaceVisibilityChanged, AuditLog.Space(space.Id),
                string.Create(CultureInfo.InvariantCulture, $"from={before} to={Input.Visibility}"), time.GetUtcNow().UtcDateTime);
        }
        await db.SaveChangesAsync();
        Flash(T["The space's settings were saved."]);
        return Redirect($"/spaces/{space.Slug}");
    }

    private async Task<IActionResult?> LoadAsync(string slug)
    {
        var access = await SpaceAccess.LoadAsync(db, Viewer, slug);
        if (access is null || !access.CanRead) return NotFound();
        Access = access;
        return access.IsSpaceAdmin ? null : Forbid();
    }
}
