using Foyer.Data;
using Foyer.Data.Privacy;
using Foyer.Web.Features.Privacy;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Admin;

/// <summary>An admin acts on a person's behalf: export their data or delete their account (both in the audit log).</summary>
public class PersonPrivacyModel(FoyerDbContext db, PrivacyRequests requests) : FoyerPageModel
{
    public long PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    public bool DeletionUnderWay { get; private set; }
    public List<DataExport> Exports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!Viewer.IsAdmin) return Forbid();
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostExportAsync(long id)
    {
        if (!Viewer.IsAdmin) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (await requests.RequestExportAsync(id, Viewer.UserId) is { } error) return Rejected(409, error);
        Flash(T["The export is being prepared. You will get a mail when it is ready."]);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, ErasureMode mode, bool confirm)
    {
        if (!Viewer.IsAdmin) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (!Enum.IsDefined(mode) || !confirm) return Rejected(400, T["Please choose what happens to the content and confirm the deletion."]);
        if (id == Viewer.UserId) return Rejected(400, T["To delete your own account, use \"My data\"."]);
        if (await requests.RequestDeletionAsync(id, mode, Viewer.UserId) is { } error) return Rejected(409, error);
        Flash(T["The account is being deleted."]);
        return Redirect("/admin/people");
    }

    private async Task<bool> LoadAsync(long id)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == id && u.DeletedAt == null)
            .Select(u => new { u.Id, u.DisplayName, u.DeletionRequestedAt }).FirstOrDefaultAsync();
        if (person is null) return false;
        (PersonId, PersonName, DeletionUnderWay) = (person.Id, person.DisplayName, person.DeletionRequestedAt is not null);
        Exports = await db.DataExports.AsNoTracking().Where(e => e.UserId == id).OrderByDescending(e => e.Id).Take(10).ToListAsync();
        return true;
    }
}
