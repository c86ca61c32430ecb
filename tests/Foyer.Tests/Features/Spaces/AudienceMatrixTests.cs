using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Features.Spaces;

/// <summary>
/// The audience filter, cell by cell: six kinds of viewer × three kinds of space × every read path. Each cell
/// states whether the viewer may see the post (and its comment) and checks what the page really shows.
/// </summary>
public abstract class AudienceMatrixTests(FoyerApp app)
{
    public enum Role { Admin, Member, NonMember, GuestOfOtherSpace, GuestOfThisSpace, Anonymous }

    private static bool CanRead(Role role, SpaceVisibility visibility) => role switch
    {
        Role.Member or Role.GuestOfThisSpace => true,
        Role.Admin or Role.NonMember => visibility == SpaceVisibility.Open,
        _ => false,
    };

    [Theory]
    [InlineData(SpaceVisibility.Open)]
    [InlineData(SpaceVisibility.Closed)]
    [InlineData(SpaceVisibility.Secret)]
    public async Task Every_read_path_shows_the_post_exactly_to_its_audience(SpaceVisibility visibility)
    {
        var author = await app.CreateUserAsync(OrgRole.Member);
        var admin = await app.CreateUserAsync(OrgRole.Admin);
        var nonMember = await app.CreateUserAsync(OrgRole.Member);
        var guestHere = await app.CreateUserAsync(OrgRole.Guest);
        var guestOther = await app.CreateUserAsync(OrgRole.Guest);
        var space = await app.CreateSpaceAsync(visibility, author, guestHere);
        await app.CreateSpaceAsync(SpaceVisibility.Closed, nonMember, guestOther);

        var marker = app.Unique("Marker");
        var tag = app.Unique("tag").ToLowerInvariant();
        var authorClient = await app.LoginAsync(author);
        var postId = await authorClient.PublishAsync(space, $"{marker} for the matrix #{tag}");
        var commentMarker = app.Unique("CommentMarker");
        var commentResponse = await authorClient.CommentAsync(postId, commentMarker);
        Assert.Equal(HttpStatusCode.Redirect, commentResponse.StatusCode);
        var commentId = await app.WithDbAsync(db => Task.FromResult(db.Comments.Single(c => c.PostId == postId).Id));

        var viewers = new Dictionary<Role, TestClient>
        {
            [Role.Admin] = await app.LoginAsync(admin),
            [Role.Member] = authorClient,
            [Role.NonMember] = await app.LoginAsync(nonMember),
            [Role.GuestOfOtherSpace] = await app.LoginAsync(guestOther),
            [Role.GuestOfThisSpace] = await app.LoginAsync(guestHere),
            [Role.Anonymous] = app.NewClient(),
        };

        var wrong = new List<string>();
        foreach (var (role, client) in viewers)
        {
            async Task Shows(string path, string url, string text, bool? allowedHere = null)
            {
                var allowed = allowedHere ?? CanRead(role, visibility);
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                var seen = response.StatusCode == HttpStatusCode.OK && body.Contains(text, StringComparison.Ordinal);
                if (seen != allowed) wrong.Add($"{role} × {visibility} × {path}: expected {(allowed ? "visible" : "hidden")}, got {(int)response.StatusCode} {(seen ? "visible" : "hidden")}");
                if (!allowed && response.StatusCode == HttpStatusCode.OK && body.Contains(space.Name, StringComparison.Ordinal)
                    && visibility == SpaceVisibility.Secret)
                {
                    wrong.Add($"{role} × {visibility} × {path}: the secret space's name leaked");
                }
            }

            async Task Status(string path, string url, HttpStatusCode expectedWhenAllowed, HttpStatusCode expectedOtherwise)
            {
                var allowed = CanRead(role, visibility);
                var response = await client.GetAsync(url);
                var expected = allowed ? expectedWhenAllowed : role == Role.Anonymous ? HttpStatusCode.Redirect : expectedOtherwise;
                if (response.StatusCode != expected) wrong.Add($"{role} × {visibility} × {path}: expected {(int)expected}, got {(int)response.StatusCode}");
                if (role == Role.Anonymous && response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location?.ToString().Contains("/login", StringComparison.Ordinal) != true)
                {
                    wrong.Add($"{role} × {visibility} × {path}: anonymous visitor not sent to the login page");
                }
            }

            // Guests have no organisation stream at all, even for the spaces they are in.
            await Shows("organisation stream", "/", marker, CanRead(role, visibility) && role != Role.GuestOfThisSpace);
            await Shows("space page", $"/spaces/{space.Slug}", marker);
            await Shows("post page", $"/posts/{postId}", marker);
            await Shows("comment on post page", $"/posts/{postId}", commentMarker);
            await Shows("profile stream", $"/people/{author.Handle}", marker);
            await Shows("tag page", $"/tags/{tag}", marker);
            await Shows("member list", $"/spaces/{space.Slug}/members", author.DisplayName);
            await Shows("history", $"/posts/{postId}/history", marker);
            await Status("post URL", $"/posts/{postId}", HttpStatusCode.OK, HttpStatusCode.NotFound);
            await Status("comment URL", $"/comments/{commentId}", HttpStatusCode.Redirect, HttpStatusCode.NotFound);
            await Status("mention autocomplete", $"/spaces/{space.Slug}/mention-candidates?q=", HttpStatusCode.OK, HttpStatusCode.NotFound);

            // Secret spaces do not exist for outsiders: not in the directory, 404 on their own address.
            if (visibility == SpaceVisibility.Secret && !CanRead(role, visibility) && role != Role.Anonymous)
            {
                var directory = await client.GetAsync("/spaces");
                if ((await directory.Content.ReadAsStringAsync()).Contains(space.Name, StringComparison.Ordinal))
                {
                    wrong.Add($"{role} × secret × directory: the space is listed");
                }
                var page = await client.GetAsync($"/spaces/{space.Slug}");
                if (page.StatusCode != HttpStatusCode.NotFound) wrong.Add($"{role} × secret × space URL: expected 404, got {(int)page.StatusCode}");
            }
        }

        // The organisation-wide stream and member list are for the organisation's own people only.
        var guestStream = await viewers[Role.GuestOfThisSpace].GetAsync("/");
        if (guestStream.StatusCode == HttpStatusCode.OK) wrong.Add("guest × organisation stream: a guest got the organisation stream");
        var guestPeople = await viewers[Role.GuestOfThisSpace].GetAsync("/people");
        if (guestPeople.StatusCode != HttpStatusCode.NotFound) wrong.Add($"guest × people directory: expected 404, got {(int)guestPeople.StatusCode}");

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task Mention_autocomplete_offers_only_people_who_can_read_the_space()
    {
        var admin = await app.CreateUserAsync(OrgRole.Member, "Zelda Insider");
        var outsider = await app.CreateUserAsync(OrgRole.Member, "Zelda Outsider");
        var guest = await app.CreateUserAsync(OrgRole.Guest, "Zelda Guest");
        var closed = await app.CreateSpaceAsync(SpaceVisibility.Closed, admin, guest);
        var client = await app.LoginAsync(admin);

        var json = await client.GetPageAsync($"/spaces/{closed.Slug}/mention-candidates?q=Zelda");
        Assert.Contains(admin.Handle, json, StringComparison.Ordinal);
        Assert.Contains(guest.Handle, json, StringComparison.Ordinal);
        Assert.DoesNotContain(outsider.Handle, json, StringComparison.Ordinal);

        // In an open space the whole organisation reads along, but guests of other spaces do not.
        var open = await app.CreateSpaceAsync(SpaceVisibility.Open, admin);
        var openJson = await client.GetPageAsync($"/spaces/{open.Slug}/mention-candidates?q=Zelda");
        Assert.Contains(outsider.Handle, openJson, StringComparison.Ordinal);
        Assert.DoesNotContain(guest.Handle, openJson, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AudienceMatrixSqliteTests(SqliteApp app) : AudienceMatrixTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AudienceMatrixPostgresTests(PostgresApp app) : AudienceMatrixTests(app);
