using Foyer.Data;
using Foyer.Web.Features.Spaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Stream;

public static class StreamSetup
{
    public static WebApplicationBuilder AddStream(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamOptions>().BindConfiguration("Stream")
            .Validate(o => o.PageSize is > 0 and <= 100 && o.UndoDeleteMinutes > 0 && o.WritesPerMinute > 0, "Stream page size must be 1-100, the undo window positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<PostWriter>();
        builder.Services.AddScoped<Foyer.Web.Infrastructure.Content.SpaceContentRenderer>();
        builder.Services.AddSingleton<WriteThrottle>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder app)
    {
        // A comment's permanent link: leads to its place in the thread, for those who may read the post.
        app.MapGet("/comments/{id:long}", async (long id, FoyerDbContext db, CurrentViewer current) =>
        {
            var viewer = await current.GetAsync();
            var target = await db.Comments.AsNoTracking().VisibleTo(viewer).Where(c => c.Id == id)
                .Select(c => new { c.PostId, c.Number }).FirstOrDefaultAsync();
            return target is null ? Results.NotFound() : Results.Redirect($"/posts/{target.PostId}#comment-{target.Number}");
        });

        // Mention autocomplete: only people who can read the space, and only for people who may write in it.
        app.MapGet("/spaces/{slug}/mention-candidates", async (string slug, string? q, FoyerDbContext db, CurrentViewer current,
            IStringLocalizer<SharedResource> t) =>
        {
            var viewer = await current.GetAsync();
            var access = await SpaceAccess.LoadAsync(db, viewer, slug);
            if (access is null || !access.CanParticipate(viewer))
            {
                return Results.Problem(statusCode: 404, title: t["Not found"], detail: t["This page does not exist, or you cannot see it."]);
            }
            var prefix = (q ?? "").Trim().TrimStart('@').Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
            if (prefix.Length > 40) return Results.Ok(Array.Empty<object>());
            var people = await db.Users.AsNoTracking().AudienceOf(db, access.Space)
                .Where(u => EF.Functions.Like(u.Handle, prefix + "%") || EF.Functions.Like(u.DisplayName, prefix + "%")
                    || EF.Functions.Like(u.DisplayName, "% " + prefix + "%"))
                .OrderBy(u => u.Handle).Take(8)
                .Select(u => new { handle = u.Handle, displayName = u.DisplayName }).ToListAsync();
            return Results.Ok(people);
        });
        return app;
    }
}
