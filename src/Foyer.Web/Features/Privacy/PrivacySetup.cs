using Foyer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Privacy;

public static class PrivacySetup
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        var s = builder.Services;
        s.AddScoped<RetentionRunner>();
        s.AddHostedService<RetentionJob>();
        s.AddScoped<PrivacyRequests>();
        s.AddScoped<Infrastructure.Outbox.IOutboxHandler, DataExportBuilder>();
        s.AddScoped<AccountEraser>();
        s.AddScoped<Infrastructure.Outbox.IOutboxHandler>(sp => sp.GetRequiredService<AccountEraser>());
        return builder;
    }

    /// <summary>
    /// After migrations: the retention rules exist, and an organisation that was set up before the sandbox existed gets
    /// one now (its first admin creates it, every member is in it).
    /// </summary>
    public static async Task EnsurePrivacyDefaultsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
        await RetentionRunner.EnsureRulesAsync(db);
        var org = await db.Organisation.AsNoTracking().FirstOrDefaultAsync();
        if (org is null || await db.Spaces.AnyAsync(sp => sp.IsSandbox)) return;
        var admin = await db.Users.Where(u => u.Role == Data.Accounts.OrgRole.Admin && u.DeletedAt == null).OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync();
        if (admin is not long adminId) return;
        var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        try
        {
            await Sandbox.EnsureAsync(db, t, org.DefaultLanguage, adminId, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        }
        catch (DbUpdateException)
        {
            // Another node created it at the same moment (the unique index allows one).
        }
    }
}
