using System.ComponentModel.DataAnnotations;
using Foyer.Data.Accounts;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foyer.Web.Features.Accounts;

public class MeModel(UserManager<User> users, SignInManager<User> signIn) : FoyerPageModel
{
    [BindProperty] public ProfileInput Profile { get; set; } = new();
    [BindProperty] public PasswordInput Password { get; set; } = new();
    public string Handle { get; private set; } = "";
    /// <summary>Providers whose players load without asking first.</summary>
    public IReadOnlySet<string> AutoLoad { get; private set; } = new HashSet<string>();
    public Foyer.Data.Mail.EmailFrequency Frequency { get; private set; }

    public sealed class ProfileInput
    {
        [Required(ErrorMessage = "Please enter your name."), StringLength(Foyer.Data.Accounts.User.MaxDisplayNameLength, ErrorMessage = "The name is too long.")]
        public string DisplayName { get; set; } = "";
        [StringLength(Foyer.Data.Accounts.User.MaxBioLength, ErrorMessage = "The text about you is too long (500 characters at most).")]
        public string? Bio { get; set; }
        [RegularExpression("^(de|en)?$")]
        public string? Language { get; set; }
    }

    public sealed class PasswordInput
    {
        public string Current { get; set; } = "";
        public string New { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Handle = user.Handle;
        Profile = new ProfileInput { DisplayName = user.DisplayName, Bio = user.Bio, Language = user.Language };
        AutoLoad = user.AutoLoadEmbeds.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Frequency = user.EmailFrequency;
        return Page();
    }

    /// <summary>How often notification mails come: at once (batched), daily, weekly or never.</summary>
    public async Task<IActionResult> OnPostMailAsync(Foyer.Data.Mail.EmailFrequency frequency)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!Enum.IsDefined(frequency)) return BadRequest();
        user.EmailFrequency = frequency;
        await users.UpdateAsync(user);
        Flash(T["Your mail settings were saved."]);
        return RedirectToPage();
    }

    /// <summary>"Always load videos from ...": only names of known providers are kept.</summary>
    public async Task<IActionResult> OnPostEmbedsAsync(string[]? providers)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var known = Foyer.Web.Infrastructure.Content.Embeds.EmbedProviders.All.Select(p => p.Name).ToHashSet();
        user.AutoLoadEmbeds = string.Join(' ', (providers ?? []).Where(known.Contains).Distinct().Order(StringComparer.Ordinal));
        await users.UpdateAsync(user);
        Flash(T["Your media settings were saved."]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostProfileAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Handle = user.Handle;
        ModelState.Remove("Password.Current");
        ModelState.Remove("Password.New");
        if (!ModelState.IsValid) return Rejected(400, T["Please correct the marked fields."]);
        user.DisplayName = Profile.DisplayName.Trim();
        user.Bio = Profile.Bio?.Trim() ?? "";
        user.Language = Profile.Language ?? "";
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        Flash(T["Your profile was saved."]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Handle = user.Handle;
        Profile = new ProfileInput { DisplayName = user.DisplayName, Bio = user.Bio, Language = user.Language };
        if (string.IsNullOrEmpty(Password.New) || Password.New.Length < 10)
        {
            return Rejected(400, T["The new password needs at least 10 characters."]);
        }
        var result = await users.ChangePasswordAsync(user, Password.Current ?? "", Password.New);
        if (!result.Succeeded)
        {
            return Rejected(400, result.Errors.Any(e => e.Code == "PasswordMismatch")
                ? T["The current password is not correct."] : string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await signIn.RefreshSignInAsync(user);
        Flash(T["Your password was changed."]);
        return RedirectToPage();
    }
}
