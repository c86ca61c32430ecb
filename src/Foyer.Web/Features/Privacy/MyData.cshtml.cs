using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Privacy;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Files;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Privacy;

/// <summary>A person's own data: download all of it (Art. 15, 20) or delete the account (Art. 17).</summary>
public class MyDataModel(FoyerDbContext db, PrivacyRequests requests, UserManager<User> users, SignInManager<User> signIn, IFileStorage storage,
    TimeProvider time) : FoyerPageModel
{
    public List<DataExport> Exports { get; private set; } = [];
    public bool Working => Exports.Any(e => e.State is DataExportState.Queued or DataExportState.Running);
    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Viewer.IsAnonymous) return Challenge();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync()
    {
        if (Viewer.IsAnonymous) return Challenge();
        if (await requests.RequestExportAsync(Viewer.UserId, Viewer.UserId) is { } error)
        {
            await LoadAsync();
            return Rejected(409, error);
        }
        Flash(T["Your export is being prepared. This page shows its progress, and you will get a mail when it is ready."]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetDownloadAsync(long id)
    {
        if (Viewer.IsAnonymous) return Challenge();
        // The person's own archive; an admin may fetch one prepared on someone's behalf (the person could not), and that is logged.
        var export = await db.DataExports.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && (e.UserId == Viewer.UserId || (Viewer.IsAdmin && e.RequestedById != e.UserId)));
        if (export is null) return NotFound();
        if (export.UserId != Viewer.UserId && export.State == DataExportState.Ready)
        {
            AuditLog.Record(db, Viewer.UserId, AuditAction.ExportForSomeoneElse, AuditLog.User(export.UserId),
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"export={export.Id} downloaded"), time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        if (export.State != DataExportState.Ready || export.StorageKey is null || export.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            await LoadAsync();
            return Rejected(410, T["This export is no longer available. Please prepare a new one."]);
        }
        var stream = await storage.OpenReadAsync(export.StorageKey, HttpContext.RequestAborted);
        if (stream is null) return Rejected(410, T["This export is no longer available. Please prepare a new one."]);
        Response.Headers.CacheControl = "private, no-store";
        return File(stream, "application/zip", $"foyer-data-{export.CompletedAt:yyyy-MM-dd}.zip");
    }

    public async Task<IActionResult> OnPostDeleteAsync(ErasureMode mode, string? password)
    {
        if (Viewer.IsAnonymous) return Challenge();
        if (!Enum.IsDefined(mode))
        {
            await LoadAsync();
            return Rejected(400, T["Please choose what happens to your posts and comments."]);
        }
        var user = await users.FindByIdAsync(Viewer.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null || string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            await LoadAsync();
            return Rejected(400, T["The password is not correct. Your account was not deleted."], "password");
        }
        if (await requests.RequestDeletionAsync(user.Id, mode, user.Id) is { } error)
        {
            await LoadAsync();
            return Rejected(409, error);
        }
        await signIn.SignOutAsync();
        TempData["Flash"] = T["Your account is being deleted. Thank you for the time with us."].Value;
        return Redirect("/login");
    }

    private async Task LoadAsync()
    {
        Now = time.GetUtcNow().UtcDateTime;
        Exports = await db.DataExports.AsNoTracking().Where(e => e.UserId == Viewer.UserId).OrderByDescending(e => e.Id).Take(10).ToListAsync();
    }
}
