using Foyer.Data;
using Foyer.Data.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Infrastructure.Setup;

/// <summary>
/// The organisation's name and default language, cached for every request. Setup writes through here; a node that
/// has not seen setup yet reloads from the database before it shows the setup page.
/// </summary>
public sealed class OrganisationState(IServiceScopeFactory scopes)
{
    private volatile OrganisationSettings? _settings;

    public bool IsSetUp => _settings is not null;
    public string Name => _settings?.Name ?? "Foyer";
    public string DefaultLanguage => _settings?.DefaultLanguage ?? "en";

    public async Task<bool> RefreshAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
        _settings = await db.Organisation.AsNoTracking().FirstOrDefaultAsync();
        return _settings is not null;
    }

    public void Set(OrganisationSettings settings) => _settings = settings;
}

public static class SetupGate
{
    /// <summary>Until the organisation exists, every page leads to the setup page.</summary>
    public static IApplicationBuilder UseSetupGate(this IApplicationBuilder app)
    {
        return app.Use(async (context, next) =>
        {
            var state = context.RequestServices.GetRequiredService<OrganisationState>();
            var path = context.Request.Path;
            if (!state.IsSetUp && !path.StartsWithSegments("/setup") && !path.StartsWithSegments("/css")
                && !path.StartsWithSegments("/js") && !path.StartsWithSegments("/health")
                && !await state.RefreshAsync())
            {
                context.Response.Redirect("/setup");
                return;
            }
            await next();
        });
    }
}
