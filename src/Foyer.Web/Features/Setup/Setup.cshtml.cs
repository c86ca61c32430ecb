using System.ComponentModel.DataAnnotations;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Organisation;
using Foyer.Web.Features.Accounts;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Setup;

[AllowAnonymous]
public class SetupModel(FoyerDbContext db, OrganisationState org, UserManager<User> users, SignInManager<User> signIn,
    TimeProvider time, Microsoft.Extensions.Localization.IStringLocalizer<Foyer.Web.SharedResource> t) : FoyerPageModel
{
    [BindProperty]
    public SetupInput Input { get; set; } = new();

    public sealed class SetupInput
    {
        [Required(ErrorMessage = "Please enter the organisation's name."), StringLength(120)]
        public string OrganisationName { get; set; } = "";

        [RegularExpression("^(de|en)$", ErrorMessage = "Please choose German or English.")]
        public string Language { get; set; } = "de";

        [Required(ErrorMessage = "Please enter your name."), StringLength(Foyer.Data.Accounts.User.MaxDisplayNameLength)]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Please enter your e-mail address."), EmailAddress(ErrorMessage = "Please enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Please choose a password."), StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs at least 10 characters.")]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() => await IsSetUpAsync() ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await IsSetUpAsync()) return NotFound();
        if (!ModelState.IsValid) return Rejected(400, T["Please correct the marked fields."]);

        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync();
        var settings = new OrganisationSettings { Name = Input.OrganisationName.Trim(), DefaultLanguage = Input.Language, SetupCompletedAt = now };
        db.Organisation.Add(settings);
        try
        {
            // The single organisation row has a fixed key: a second, concurrent setup fails here.
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return NotFound();
        }
        var admin = new User
        {
            UserName = Input.Email.Trim(), Email = Input.Email.Trim(), EmailConfirmed = true,
            DisplayName = Input.DisplayName.Trim(), Role = OrgRole.Admin, CreatedAt = now,
            Handle = await Handles.UniqueAsync(db, Input.DisplayName), Language = Input.Language,
        };
        var result = await users.CreateAsync(admin, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError("", e.Description);
            return Rejected(400, T["Please correct the marked fields."]);
        }
        await Privacy.Sandbox.EnsureAsync(db, t, Input.Language, admin.Id, now);
        await tx.CommitAsync();
        org.Set(settings);
        await signIn.SignInAsync(admin, isPersistent: false);
        return Redirect("/");
    }

    private async Task<bool> IsSetUpAsync() => org.IsSetUp || await org.RefreshAsync() || await db.Organisation.AnyAsync();
}
