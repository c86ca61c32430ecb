using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Admin;

/// <summary>
/// One-time invitation links: created by an administrator, shown once, stored only as a hash, usable once and for
/// seven days; guests arrive in exactly one space.
/// </summary>
public abstract class InvitationTests(FoyerApp app)
{
    private const string Page = "/admin/invitations";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(TestClient Admin, string Path)> InviteAsync(string email, OrgRole role, long? spaceId = null)
    {
        var admin = await app.LoginAsync(app.Admin);
        var response = await admin.SubmitAsync(Page, Page, new()
        {
            ["Input.Email"] = email, ["Input.Role"] = role.ToString(), ["Input.SpaceId"] = spaceId is long s ? Id(s) : "",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (admin, Html.InvitationPath(await response.Content.ReadAsStringAsync()));
    }

    private static Dictionary<string, string> AcceptFields(string name, string email) => new()
    {
        ["Input.DisplayName"] = name, ["Input.Email"] = email, ["Input.Password"] = FoyerApp.Password,
    };

    [Fact]
    public async Task Invitation_link_carries_a_256_bit_token_and_only_its_hash_is_stored()
    {
        var email = app.Unique("newcomer") + "@test.example";
        var (_, path) = await InviteAsync(email, OrgRole.Member);

        var token = path["/invite/".Length..];
        Assert.Matches("^[A-Za-z0-9_-]{43,}$", token);
        var stored = await app.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.Email == email));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored.TokenHash);
        Assert.Equal(OrgRole.Member, stored.Role);
        // Nothing stored anywhere in the invitations table equals or contains the token itself.
        var texts = await app.WithDbAsync(db => db.Invitations.AsNoTracking().Select(i => i.Email).ToListAsync());
        Assert.DoesNotContain(texts, t => t.Contains(token, StringComparison.Ordinal));
        Assert.NotEqual(Encoding.UTF8.GetBytes(token), stored.TokenHash);

        if (app.Provider == DatabaseProvider.Sqlite)
        {
            // The whole database file (and its write-ahead log) holds no copy of the token in any table.
            var file = new SqliteConnectionStringBuilder(await app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!))).DataSource;
            var needle = Encoding.UTF8.GetBytes(token);
            foreach (var dbFile in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                await using var stream = new FileStream(dbFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                Assert.True(copy.ToArray().AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(dbFile)} contains the invitation token");
            }
        }
    }

    [Fact]
    public async Task Accepting_creates_the_account_with_the_role_signs_in_and_the_link_is_then_gone()
    {
        var email = app.Unique("colleague") + "@test.example";
        var (_, path) = await InviteAsync(email, OrgRole.Admin);
        var newcomer = app.NewClient();

        var form = await newcomer.GetPageAsync(path);
        Assert.Contains(WebUtility.HtmlEncode(email), form, StringComparison.Ordinal);
        var response = await newcomer.SubmitAsync(path, path, AcceptFields("Neue Kollegin " + app.Unique("n"), email));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Equal(OrgRole.Admin, user.Role);
        var invitation = await app.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.Email == email));
        Assert.NotNull(invitation.AcceptedAt);
        Assert.Equal(user.Id, invitation.AcceptedById);
        // Signed in: the stream and the admin page open without a login.
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync(Page)).StatusCode);

        // The same link a second time: gone, for a visit and for a submitted form.
        var second = app.NewClient();
        Assert.Equal(HttpStatusCode.Gone, (await second.GetAsync(path)).StatusCode);
        var again = await second.PostFormAsync("/login", path, AcceptFields("Zweiter Versuch", app.Unique("other") + "@test.example"));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.DisplayName == "Zweiter Versuch")));
    }

    [Fact]
    public async Task An_expired_link_answers_410_and_creates_no_account()
    {
        var email = app.Unique("late") + "@test.example";
        var (_, path) = await InviteAsync(email, OrgRole.Member);
        var newcomer = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync(path)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Gone, (await newcomer.GetAsync(path)).StatusCode);
        var response = await newcomer.PostFormAsync("/login", path, AcceptFields("Zu spät", email));
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task A_revoked_link_answers_410()
    {
        var email = app.Unique("revoked") + "@test.example";
        var (admin, path) = await InviteAsync(email, OrgRole.Member);
        var id = await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync());

        var revoke = await admin.SubmitAsync(Page, Page + "?handler=Revoke", new() { ["id"] = Id(id) });

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await app.NewClient().GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData(OrgRole.Member)]
    [InlineData(OrgRole.Guest)]
    public async Task Only_administrators_may_open_or_use_the_invitations_page(OrgRole role)
    {
        var user = await app.CreateUserAsync(role);
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, user);
        var client = await app.LoginAsync(user);
        var before = await app.WithDbAsync(db => db.Invitations.CountAsync());

        var get = await client.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Contains("You are not allowed to do this.", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var post = await client.PostFormAsync("/me", Page, new()
        {
            ["Input.Email"] = "", ["Input.Role"] = "Admin", ["Input.SpaceId"] = Id(space.Id),
        });

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.Invitations.CountAsync()));
    }

    [Fact]
    public async Task A_guest_invitation_without_a_space_answers_400_and_stores_nothing()
    {
        var admin = await app.LoginAsync(app.Admin);
        var email = app.Unique("spaceless") + "@test.example";

        var response = await admin.SubmitAsync(Page, Page, new() { ["Input.Email"] = email, ["Input.Role"] = "Guest", ["Input.SpaceId"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("A guest needs a space: guests see only the spaces they are added to.", Html.Errors(body));
        Assert.DoesNotContain("/invite/", body, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == email)));
    }

    [Fact]
    public async Task A_guest_becomes_member_of_the_invited_space_only_and_has_no_organisation_stream_or_directory()
    {
        var owner = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, owner, app.Admin);
        var otherOpenSpace = await app.CreateSpaceAsync(SpaceVisibility.Open, owner);
        var email = app.Unique("guest") + "@partner.example";
        var (_, path) = await InviteAsync(email, OrgRole.Guest, space.Id);
        var guest = app.NewClient();

        var accepted = await guest.SubmitAsync(path, path, AcceptFields("Gast " + app.Unique("g"), email));

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Equal(OrgRole.Guest, user.Role);
        var spaces = await app.WithDbAsync(db => db.SpaceMemberships.Where(m => m.UserId == user.Id).Select(m => m.SpaceId).ToListAsync());
        Assert.Equal([space.Id], spaces);

        var stream = await guest.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, stream.StatusCode);
        Assert.Equal("/spaces", stream.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync("/people")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guest.GetAsync($"/spaces/{space.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync($"/spaces/{otherOpenSpace.Slug}")).StatusCode);
    }

    [Fact]
    public async Task The_invitations_page_offers_no_space_the_admin_cannot_read_and_refuses_guest_invitations_into_it()
    {
        var owner = await app.CreateUserAsync();
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, owner);
        var closed = await app.CreateSpaceAsync(SpaceVisibility.Closed, owner);
        var admin = await app.LoginAsync(app.Admin);

        var page = await admin.GetPageAsync(Page);
        Assert.DoesNotContain(secret.Name, page, StringComparison.Ordinal);
        Assert.DoesNotContain(closed.Name, page, StringComparison.Ordinal);

        // Admins have no extra reading rights: a guest account of their own must not open a door into the space.
        foreach (var space in new[] { secret, closed })
        {
            var email = app.Unique("backdoor") + "@test.example";
            var response = await admin.SubmitAsync(Page, Page, new() { ["Input.Email"] = email, ["Input.Role"] = "Guest", ["Input.SpaceId"] = Id(space.Id) });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.False(await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == email)));
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationSqliteTests(SqliteApp app) : InvitationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvitationPostgresTests(PostgresApp app) : InvitationTests(app);
