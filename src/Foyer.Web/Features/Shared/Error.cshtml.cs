using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Shared;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public class ErrorModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);
    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        // Re-executed for the original request: keep its status unless someone opens /error/... directly.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
        {
            Response.StatusCode = code is >= 400 and < 600 ? code : 404;
        }
        (Title, Message) = code switch
        {
            400 => (t["Bad request"].Value, t["The request could not be understood. Please reload the page and try again."].Value),
            403 => (t["Not allowed"].Value, t["You are not allowed to do this."].Value),
            404 => (t["Not found"].Value, t["This page does not exist, or you cannot see it."].Value),
            409 => (t["Conflict"].Value, t["Someone else changed this in the meantime. Reload the page and try again."].Value),
            410 => (t["Gone"].Value, t["This is no longer available."].Value),
            429 => (t["Too many requests"].Value, t["Please wait a few minutes and try again."].Value),
            _ => (t["Something went wrong"].Value, t["An unexpected error happened. Nothing you saved was lost; please try again."].Value),
        };
        return Page();
    }
}
