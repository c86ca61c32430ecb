using System.Net;
using Foyer.Data.Privacy;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Spaces;

/// <summary>Space admins rename a space and change who sees it; the change of visibility is audited and applies at once.</summary>
public abstract class SpaceSettingsTests(FoyerApp app)
{
    [Fact]
    public async Task A_space_admin_makes_an_open_space_secret_and_the_audit_log_records_it()
    {
        var owner = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var outsider = await app.LoginAsync(await app.CreateUserAsync());
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, owner, member);
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync($"/spaces/{space.Slug}")).StatusCode);

        var page = $"/spaces/{space.Slug}/settings";
        var memberClient = await app.LoginAsync(member);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.GetAsync(page)).StatusCode);
        var client = await app.LoginAsync(owner);
        var saved = await client.SubmitAsync(page, page, new() { ["Input.Name"] = space.Name + " (intern)", ["Input.Description"] = "Nur für uns", ["Input.Visibility"] = "Secret" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/spaces/{space.Slug}")).StatusCode);
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditAction.SpaceVisibilityChanged && a.Target == $"space:{space.Id}"));
        Assert.Equal(("from=Open to=Secret", owner.Id), (entry.Details, entry.ActorId!.Value));
        Assert.Equal(space.Name + " (intern)", await app.WithDbAsync(db => db.Spaces.Where(s => s.Id == space.Id).Select(s => s.Name).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task The_sandbox_cannot_be_opened_and_an_empty_name_is_refused()
    {
        var admin = await app.LoginAsync(app.Admin);
        var sandbox = await app.WithDbAsync(db => db.Spaces.AsNoTracking().SingleAsync(s => s.IsSandbox));
        var page = $"/spaces/{sandbox.Slug}/settings";
        var opened = await admin.SubmitAsync(page, page, new() { ["Input.Name"] = sandbox.Name, ["Input.Visibility"] = "Open" });
        Assert.Equal(HttpStatusCode.BadRequest, opened.StatusCode);
        var empty = await admin.SubmitAsync(page, page, new() { ["Input.Name"] = " ", ["Input.Visibility"] = "Secret" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var after = await app.WithDbAsync(db => db.Spaces.AsNoTracking().SingleAsync(s => s.Id == sandbox.Id));
        Assert.Equal((SpaceVisibility.Secret, sandbox.Name), (after.Visibility, after.Name));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SpaceSettingsSqliteTests(SqliteApp app) : SpaceSettingsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SpaceSettingsPostgresTests(PostgresApp app) : SpaceSettingsTests(app);
