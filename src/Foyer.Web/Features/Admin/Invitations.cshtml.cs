using System.ComponentModel.DataAnnotations;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Web.Features.Accounts;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Admin;

public class InvitationsModel(FoyerDbContext db, ITokenGenerator tokens, TimeProvider time, IOptions<InvitationOptions> options)
    : FoyerPageModel
{
    [BindProperty] public InvitationInput Input { get; set; } = new();
    public List<Invitation> Pending { get; private set; } = [];
    public List<(long Id, string Name)> Spaces { get; private set; } = [];
    public string? NewLink { get; private set; }
    public DateTime NewLinkExpires { get; private set; }

    public sealed class InvitationInput
    {
        [EmailAddress(ErrorMessage = "Please enter a valid e-mail address.")]
        public string? Email { get; set; }
        public OrgRole Role { get; set; } = OrgRole.Member;
        public long? SpaceId { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Viewer.IsAdmin) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Viewer.IsAdmin) return Forbid();
        await LoadAsync();
        if (!ModelState.IsValid || !Enum.IsDefined(Input.Role)) return Rejected(400, T["Please correct the marked fields."]);
        if (Input.Role == OrgRole.Guest && Input.SpaceId is null)
        {
            return Rejected(400, T["A guest needs a space: guests see only the spaces they are added to."]);
        }
        if (Input.SpaceId is long spaceId && !Spaces.Any(s => s.Id == spaceId))
        {
            return Rejected(400, T["Please choose a space from the list."]);
        }
        var email = Input.Email?.Trim() ?? "";
        var normalizedEmail = email.ToUpperInvariant();
        if (email.Length > 0 && await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail))
        {
            return Rejected(409, T["Someone with this e-mail address already has an account."]);
        }
        var (link, expires) = await InvitationLinks.CreateAsync(db, tokens, time, options.Value, Viewer.UserId, email, Input.Role, Input.SpaceId);
        NewLink = $"{Request.Scheme}://{Request.Host}{link}";
        NewLinkExpires = expires;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id)
    {
        if (!Viewer.IsAdmin) return Forbid();
        var now = time.GetUtcNow().UtcDateTime;
        await db.Invitations.Where(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now));
        Flash(T["The invitation was revoked."]);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var now = time.GetUtcNow().UtcDateTime;
        Pending = await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.Id).ToListAsync();
        // Only spaces the admin may read: a guest invitation must not open a closed or secret space to its admin.
        Spaces = (await db.Spaces.AsNoTracking().ReadableBy(Viewer).Where(s => s.ArchivedAt == null).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name }).ToListAsync()).Select(s => (s.Id, s.Name)).ToList();
    }
}
