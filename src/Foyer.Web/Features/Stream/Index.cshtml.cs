using Foyer.Data;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Stream;

/// <summary>The organisation-wide stream: everything the viewer may read, newest first. Guests have none.</summary>
public class IndexModel(FoyerDbContext db, AudienceCache cache, IOptions<StreamOptions> options, Foyer.Data.Sqlite.SqlitePreparedReads reads) : FoyerPageModel
{
    public StreamPage Stream { get; private set; } = new([], null);
    public ComposerView Composer { get; private set; } = new();
    public Onboarding.FirstStepsState? FirstSteps { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? before, string? template)
    {
        if (Viewer.IsGuest) return Redirect("/spaces");
        Stream = await StreamQuery.PageAsync(db, Viewer, StreamScope.All, before, options.Value.PageSize, reads);
        if (before is null)
        {
            Composer = await ComposerView.ForViewerAsync(db, cache, Viewer, draft: Onboarding.FirstSteps.Template(template, T) ?? "");
            // Newcomers see their first steps (one query), everyone else nothing extra.
            if (!Viewer.FirstStepsHidden) FirstSteps = await Onboarding.FirstSteps.LoadAsync(db, Viewer.UserId);
            if (FirstSteps is { Mentioned: false } steps && steps.ShowsTip("mention")) ViewData["MentionTip"] = true;
        }
        return Page();
    }
}
