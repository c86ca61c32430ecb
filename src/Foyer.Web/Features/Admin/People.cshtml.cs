using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Privacy;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Admin;

public sealed record ManagedPerson(long Id, string DisplayName, string Handle, string Email, OrgRole Role, bool Deactivated);

/// <summary>Admins change roles and deactivate accounts. The organisation always keeps an active admin.</summary>
public class PeopleModel(FoyerDbContext db, UserManager<User> users, TimeProvider time) : FoyerPageModel
{
    public List<ManagedPerson> People { get; private set; } = [];
    public long ViewerId => Viewer.UserId;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Viewer.IsAdmin) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(long userId, OrgRole role)
    {
        if (!Viewer.IsAdmin) return Forbid();
        if (!Enum.IsDefined(role) || userId == Viewer.UserId)
        {
            await LoadAsync();
            return Rejected(400, T["You cannot change your own role here."]);
        }
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null || user.DeletedAt is not null || user.DeletionRequestedAt is not null) return NotFound();
        var previous = user.Role;
        user.Role = role;
        Privacy.AuditLog.Record(db, Viewer.UserId, AuditAction.RoleChanged, Privacy.AuditLog.User(user.Id), $"from={previous} to={role}", time.GetUtcNow().UtcDateTime);
        // A guest who becomes a member starts in the sandbox like every member.
        if (previous == OrgRole.Guest && role != OrgRole.Guest) await Privacy.Sandbox.JoinAsync(db, user, time.GetUtcNow().UtcDateTime);
        // A new security stamp signs the person out everywhere, so an old cookie cannot keep old rights.
        await users.UpdateSecurityStampAsync(user);
        Flash(T["{0} is now: {1}.", user.DisplayName, T[role.ToString()]]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostActiveAsync(long userId, bool active)
    {
        if (!Viewer.IsAdmin) return Forbid();
        if (userId == Viewer.UserId)
        {
            await LoadAsync();
            return Rejected(400, T["You cannot deactivate your own account."]);
        }
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null || user.DeletedAt is not null || user.DeletionRequestedAt is not null) return NotFound();
        user.DeactivatedAt = active ? null : time.GetUtcNow().UtcDateTime;
        Privacy.AuditLog.Record(db, Viewer.UserId, active ? AuditAction.AccountReactivated : AuditAction.AccountDeactivated, Privacy.AuditLog.User(user.Id), "",
            time.GetUtcNow().UtcDateTime);
        await users.UpdateSecurityStampAsync(user);
        Flash(active ? T["{0} can log in again.", user.DisplayName] : T["{0} was deactivated and can no longer log in.", user.DisplayName]);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        People = await db.Users.AsNoTracking().Where(u => u.DeletedAt == null).OrderBy(u => u.DisplayName)
            .Select(u => new ManagedPerson(u.Id, u.DisplayName, u.Handle, u.Email ?? "", u.Role, u.DeactivatedAt != null))
            .ToListAsync();
    }
}
