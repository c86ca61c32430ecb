using Foyer.Data;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Onboarding;

/// <summary>Hide or restart the first-steps tour, and close a tip. Plain posts that work without JavaScript.</summary>
public class FirstStepsPageModel(FoyerDbContext db, AudienceCache cache, WikiFoundMemory wikiFound, TimeProvider time) : FoyerPageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostDismissAsync()
    {
        if (Viewer.IsAnonymous) return Challenge();
        await db.Users.Where(u => u.Id == Viewer.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TourDismissedAt, time.GetUtcNow().UtcDateTime));
        cache.Invalidate();
        Flash(T["The first steps are hidden. You can show them again on your profile page."]);
        return Redirect("/");
    }

    public async Task<IActionResult> OnPostRestartAsync()
    {
        if (Viewer.IsAnonymous) return Challenge();
        await db.Users.Where(u => u.Id == Viewer.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TourDismissedAt, (DateTime?)null).SetProperty(u => u.DismissedTips, ""));
        wikiFound.Forget(Viewer.UserId);
        cache.Invalidate();
        return Redirect("/");
    }

    public async Task<IActionResult> OnPostTipAsync(string? key, string? returnUrl)
    {
        if (Viewer.IsAnonymous) return Challenge();
        if (key is null || !FirstSteps.Tips.Contains(key)) return BadRequest();
        var tips = await db.Users.Where(u => u.Id == Viewer.UserId).Select(u => u.DismissedTips).FirstAsync();
        if (!$" {tips} ".Contains($" {key} ", StringComparison.Ordinal))
        {
            var updated = (tips + " " + key).Trim();
            await db.Users.Where(u => u.Id == Viewer.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DismissedTips, updated));
        }
        return LocalRedirect(returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
