using Foyer.Data;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Spaces;
using Foyer.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public static class WikiSetup
{
    public static WebApplicationBuilder AddWiki(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<WikiWriter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWikiEndpoints(this IEndpointRouteBuilder app)
    {
        // Where [[space:Title]] links into a space the text could not look into lead: decided on click, for the reader.
        app.MapGet("/spaces/{slug}/wiki/by-title", async (string slug, string? title, FoyerDbContext db, CurrentViewer current) =>
        {
            var viewer = await current.GetAsync();
            var access = await SpaceAccess.LoadAsync(db, viewer, slug);
            if (access is null || !access.CanRead || string.IsNullOrWhiteSpace(title)) return Results.NotFound();
            var normalized = WikiTitles.Normalize(title);
            var spaceId = access.Space.Id;
            var page = await db.WikiPages.Where(p => p.SpaceId == spaceId && p.NormalizedTitle == normalized).Select(p => p.Slug).FirstOrDefaultAsync()
                ?? await db.WikiAliases.Where(a => a.SpaceId == spaceId && a.Kind == WikiAliasKind.Title && a.Value == normalized)
                    .Join(db.WikiPages, a => a.PageId, p => p.Id, (a, p) => p.Slug).FirstOrDefaultAsync();
            return page is not null
                ? Results.Redirect($"/spaces/{slug}/wiki/{page}")
                : Results.Redirect($"/spaces/{slug}/wiki/new?title={Uri.EscapeDataString(title.Trim())}");
        });
        return app;
    }
}
