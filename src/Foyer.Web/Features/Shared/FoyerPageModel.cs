using Foyer.Web.Infrastructure.Audience;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Shared;

/// <summary>Loads the viewer before every handler and offers the page-level helpers every feature needs.</summary>
public abstract class FoyerPageModel : PageModel
{
    private IStringLocalizer? _t;

    protected Viewer Viewer { get; private set; } = Viewer.Anonymous;

    protected IStringLocalizer T => _t ??= HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method))
        {
            // A form posted to a handler the page does not have: refuse, rather than render a page nothing was loaded for.
            context.Result = BadRequest();
            return;
        }
        Viewer = await HttpContext.RequestServices.GetRequiredService<CurrentViewer>().GetAsync();
        ViewData["Viewer"] = Viewer;
        if (User.Identity?.IsAuthenticated == true && Viewer.IsAnonymous)
        {
            // A deactivated or deleted account with a still-valid cookie: treat as signed out.
            context.Result = Challenge();
            return;
        }
        await next();
    }

    /// <summary>Shows the page again with a message for the person and the given status code; nothing was stored.</summary>
    protected PageResult Rejected(int statusCode, string message, string key = "")
    {
        ModelState.AddModelError(key, message);
        Response.StatusCode = statusCode;
        return Page();
    }

    protected void Flash(string message) => TempData["Flash"] = message;
}
