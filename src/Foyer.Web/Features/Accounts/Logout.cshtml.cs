using Foyer.Data.Accounts;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foyer.Web.Features.Accounts;

[AllowAnonymous]
public class LogoutModel(SignInManager<User> signIn) : FoyerPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}
