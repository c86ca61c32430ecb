using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Admin;

public abstract class PeopleAdminTests(FoyerApp app)
{
    [Fact]
    public async Task An_admin_changes_a_role_and_it_takes_effect_on_the_next_request()
    {
        var admin = await app.LoginAsync(await app.CreateUserAsync(OrgRole.Admin));
        var person = await app.CreateUserAsync();
        var client = await app.LoginAsync(person);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/people")).StatusCode);

        var response = await admin.SubmitAsync("/admin/people", "/admin/people?handler=Role",
            new() { ["userId"] = person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "Guest" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(OrgRole.Guest, await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.Role).SingleAsync()));
        // The cached viewer is dropped with the change: the new guest no longer sees the member list.
        var after = await client.GetAsync("/people");
        Assert.NotEqual(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_deactivated_person_is_signed_out_and_cannot_log_in()
    {
        var admin = await app.LoginAsync(await app.CreateUserAsync(OrgRole.Admin));
        var person = await app.CreateUserAsync();
        var client = await app.LoginAsync(person);
        var response = await admin.SubmitAsync("/admin/people", "/admin/people?handler=Active",
            new() { ["userId"] = person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["active"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var stream = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, stream.StatusCode);
        Assert.Contains("/login", stream.Headers.Location!.ToString(), StringComparison.Ordinal);
        var login = await app.NewClient().PostFormAsync("/login", "/login", new() { ["Email"] = person.Email!, ["Password"] = FoyerApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Admins_cannot_demote_or_deactivate_themselves_and_members_cannot_manage_people()
    {
        var adminUser = await app.CreateUserAsync(OrgRole.Admin);
        var admin = await app.LoginAsync(adminUser);
        var self = adminUser.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostFormAsync("/admin/people", "/admin/people?handler=Role", new() { ["userId"] = self, ["role"] = "Member" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostFormAsync("/admin/people", "/admin/people?handler=Active", new() { ["userId"] = self, ["active"] = "false" })).StatusCode);
        Assert.Equal(OrgRole.Admin, await app.WithDbAsync(db => db.Users.Where(u => u.Id == adminUser.Id).Select(u => u.Role).SingleAsync()));

        var member = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/people")).StatusCode);
    }

    [Fact]
    public async Task Comments_can_be_liked_and_deleted_by_their_author_leaving_a_numbered_placeholder()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var postId = await client.PublishAsync(space, "Beitrag");
        await client.CommentAsync(postId, "Erster");
        await client.CommentAsync(postId, "Zweiter");
        var first = await app.WithDbAsync(db => db.Comments.SingleAsync(c => c.PostId == postId && c.Number == 1));
        var id = first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await client.SubmitAsync($"/posts/{postId}", $"/posts/{postId}?handler=LikeComment", new() { ["commentId"] = id });
        Assert.Equal(1, (await app.WithDbAsync(db => db.Comments.SingleAsync(c => c.Id == first.Id))).ReactionCount);

        var other = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostFormAsync($"/posts/{postId}", $"/posts/{postId}?handler=DeleteComment", new() { ["commentId"] = id })).StatusCode);
        var deleted = await client.SubmitAsync($"/posts/{postId}", $"/posts/{postId}?handler=DeleteComment", new() { ["commentId"] = id });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var page = await client.GetPageAsync($"/posts/{postId}");
        Assert.DoesNotContain("Erster", page, StringComparison.Ordinal);
        Assert.Contains("id=\"comment-1\"", page, StringComparison.Ordinal);
        Assert.Contains("Zweiter", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Posts.Where(p => p.Id == postId).Select(p => p.CommentCount).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PeopleAdminSqliteTests(SqliteApp app) : PeopleAdminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PeopleAdminPostgresTests(PostgresApp app) : PeopleAdminTests(app);
