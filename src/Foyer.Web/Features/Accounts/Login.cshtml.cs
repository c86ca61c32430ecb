using Foyer.Data.Accounts;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foyer.Web.Features.Accounts;

[AllowAnonymous]
public class LoginModel(SignInManager<User> signIn, UserManager<User> users, LoginThrottle throttle) : FoyerPageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl()) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!throttle.TryAcquire(Email ?? "", HttpContext.Connection.RemoteIpAddress))
        {
            return Rejected(429, T["Too many login attempts. Please wait a few minutes and try again."]);
        }
        // One message for unknown account, wrong password, locked or deactivated account: nothing to enumerate.
        var failed = T["The e-mail address or the password is not correct, or the account is locked for a while."];
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password)) return Rejected(400, failed);

        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null || user.DeactivatedAt is not null)
        {
            // Hash anyway so the answer takes as long as for a real account.
            users.PasswordHasher.HashPassword(new User(), Password);
            return Rejected(401, failed);
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: true, lockoutOnFailure: true);
        if (!result.Succeeded) return Rejected(401, failed);
        return LocalRedirect(SafeReturnUrl());
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
