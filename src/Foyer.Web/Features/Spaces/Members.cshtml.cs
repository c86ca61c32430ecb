using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Accounts;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Spaces;

public sealed record MemberItem(long UserId, string DisplayName, string Handle, SpaceRole Role, bool IsGuest);
public sealed record JoinRequestItem(long UserId, string DisplayName, string Handle, string Message);

/// <summary>The member list of a space (for its readers) and its management (for its space admins).</summary>
public class MembersModel(FoyerDbContext db, TimeProvider time, ITokenGenerator tokens, IOptions<InvitationOptions> invitations)
    : FoyerPageModel
{
    public SpaceAccess Access { get; private set; } = null!;
    public List<MemberItem> Members { get; private set; } = [];
    public List<JoinRequestItem> Requests { get; private set; } = [];
    public string? InviteLink { get; private set; }
    public long ViewerId => Viewer.UserId;

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(string slug, long userId)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (!Access.IsSpaceAdmin) return Forbid();
        var request = await db.SpaceJoinRequests.FirstOrDefaultAsync(r => r.SpaceId == Access.Space.Id && r.UserId == userId);
        if (request is null) return NotFound();
        db.SpaceJoinRequests.Remove(request);
        if (!await db.SpaceMemberships.AnyAsync(m => m.SpaceId == Access.Space.Id && m.UserId == userId))
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = Access.Space.Id, UserId = userId, JoinedAt = time.GetUtcNow().UtcDateTime });
        }
        await db.SaveChangesAsync();
        Flash(T["The request was accepted."]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeclineAsync(string slug, long userId)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (!Access.IsSpaceAdmin) return Forbid();
        await db.SpaceJoinRequests.Where(r => r.SpaceId == Access.Space.Id && r.UserId == userId).ExecuteDeleteAsync();
        Flash(T["The request was declined."]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddAsync(string slug, string? who)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (!Access.IsSpaceAdmin) return Forbid();
        var key = (who ?? "").Trim();
        var handle = key.TrimStart('@').ToLowerInvariant();
        var email = key.ToUpperInvariant();
        var user = key.Length == 0 ? null : await db.Users.AsNoTracking()
            .FirstOrDefaultAsync(u => u.DeactivatedAt == null && (u.NormalizedEmail == email || u.Handle == handle));
        if (user is null) return Rejected(404, T["Nobody with this e-mail address or name has an account. Invite them first."]);
        if (Members.Any(m => m.UserId == user.Id)) return Rejected(409, T["{0} is already a member.", user.DisplayName]);
        db.SpaceMemberships.Add(new SpaceMembership { SpaceId = Access.Space.Id, UserId = user.Id, JoinedAt = time.GetUtcNow().UtcDateTime });
        await db.SpaceJoinRequests.Where(r => r.SpaceId == Access.Space.Id && r.UserId == user.Id).ExecuteDeleteAsync();
        await db.SaveChangesAsync();
        Flash(T["{0} is now a member.", user.DisplayName]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, long userId)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (!Access.IsSpaceAdmin) return Forbid();
        if (userId == Viewer.UserId) return Rejected(400, T["Use “Leave space” to leave the space yourself."]);
        await db.SpaceMemberships.Where(m => m.SpaceId == Access.Space.Id && m.UserId == userId).ExecuteDeleteAsync();
        HttpContext.RequestServices.GetRequiredService<AudienceCache>().Invalidate();
        Flash(T["The member was removed."]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(string slug, long userId, SpaceRole role)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (!Access.IsSpaceAdmin) return Forbid();
        if (!Enum.IsDefined(role) || userId == Viewer.UserId) return Rejected(400, T["This change is not possible."]);
        var member = Members.FirstOrDefault(m => m.UserId == userId);
        if (member is null) return NotFound();
        if (role == SpaceRole.Admin && member.IsGuest) return Rejected(400, T["Guests cannot be space admins."]);
        await db.SpaceMemberships.Where(m => m.SpaceId == Access.Space.Id && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, role));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostInviteGuestAsync(string slug, string? email)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (!Access.IsSpaceAdmin) return Forbid();
        email = email?.Trim() ?? "";
        if (email.Length > 256 || (email.Length > 0 && !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email)))
        {
            return Rejected(400, T["Please enter a valid e-mail address."]);
        }
        var (path, _) = await InvitationLinks.CreateAsync(db, tokens, time, invitations.Value, Viewer.UserId, email, OrgRole.Guest, Access.Space.Id);
        InviteLink = $"{Request.Scheme}://{Request.Host}{path}";
        return Page();
    }

    private async Task<bool> LoadAsync(string slug)
    {
        var access = await SpaceAccess.LoadAsync(db, Viewer, slug);
        if (access is null || !access.CanRead) return false;
        Access = access;
        Members = await db.SpaceMemberships.AsNoTracking().Where(m => m.SpaceId == access.Space.Id && m.User!.DeactivatedAt == null)
            .OrderByDescending(m => m.Role).ThenBy(m => m.User!.DisplayName)
            .Select(m => new MemberItem(m.UserId, m.User!.DisplayName, m.User.Handle, m.Role, m.User.Role == OrgRole.Guest))
            .ToListAsync();
        if (access.IsSpaceAdmin)
        {
            Requests = await db.SpaceJoinRequests.AsNoTracking().Where(r => r.SpaceId == access.Space.Id)
                .OrderBy(r => r.CreatedAt)
                .Select(r => new JoinRequestItem(r.UserId, r.User!.DisplayName, r.User.Handle, r.Message)).ToListAsync();
        }
        return true;
    }
}
