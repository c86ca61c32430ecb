using System.ComponentModel.DataAnnotations;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Accounts;

[AllowAnonymous]
public class AcceptInvitationModel(FoyerDbContext db, UserManager<User> users, SignInManager<User> signIn, TimeProvider time)
    : FoyerPageModel
{
    [BindProperty] public AcceptInput Input { get; set; } = new();
    public bool IsGuest { get; private set; }

    public sealed class AcceptInput
    {
        [Required(ErrorMessage = "Please enter your name."), StringLength(Foyer.Data.Accounts.User.MaxDisplayNameLength)]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Please enter your e-mail address."), EmailAddress(ErrorMessage = "Please enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Please choose a password."), StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs at least 10 characters.")]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string token)
    {
        var invitation = await FindValidAsync(token);
        if (invitation is null) return StatusCode(410);
        IsGuest = invitation.Role == OrgRole.Guest;
        Input.Email = invitation.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token)
    {
        var invitation = await FindValidAsync(token);
        if (invitation is null) return StatusCode(410);
        IsGuest = invitation.Role == OrgRole.Guest;
        if (!ModelState.IsValid) return Rejected(400, T["Please correct the marked fields."]);
        var email = string.IsNullOrEmpty(invitation.Email) ? Input.Email.Trim() : invitation.Email;

        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync();
        // Claim the invitation first: of two concurrent uses of one link, exactly one gets a row here.
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now));
        if (claimed != 1) return StatusCode(410);

        var user = new User
        {
            UserName = email, Email = email, EmailConfirmed = !string.IsNullOrEmpty(invitation.Email),
            DisplayName = Input.DisplayName.Trim(), Role = invitation.Role, CreatedAt = now,
            Handle = await Handles.UniqueAsync(db, Input.DisplayName),
        };
        var result = await users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            var message = result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? T["This e-mail address cannot be used. If you already have an account, log in instead."].Value
                : string.Join(" ", result.Errors.Select(e => e.Description));
            return Rejected(400, message);
        }
        if (invitation.SpaceId is long spaceId)
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = spaceId, UserId = user.Id, Role = SpaceRole.Member, JoinedAt = now });
        }
        await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedById, user.Id));
        await Privacy.Sandbox.JoinAsync(db, user, now);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await signIn.SignInAsync(user, isPersistent: true);
        return Redirect(invitation.SpaceId is null ? "/" : "/spaces");
    }

    private async Task<Invitation?> FindValidAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = TokenGenerator.Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Invitations.AsNoTracking()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now);
    }
}
