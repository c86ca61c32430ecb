using System.Globalization;
using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Spaces;

/// <summary>Creating spaces, joining them, asking to join, managing members, inviting guests and leaving.</summary>
public abstract class SpaceTests(FoyerApp app)
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> NewSpace(string name, SpaceVisibility visibility = SpaceVisibility.Open, string description = "Für die Probe") => new()
    {
        ["Input.Name"] = name, ["Input.Description"] = description, ["Input.Visibility"] = visibility.ToString(),
    };

    private Task<int> SpacesNamedAsync(string name)
    {
        var normalized = name.ToUpperInvariant();
        return app.WithDbAsync(db => db.Spaces.CountAsync(s => s.NormalizedName == normalized));
    }

    private Task<SpaceRole?> RoleAsync(Space space, User user) =>
        app.WithDbAsync(db => db.SpaceMemberships.Where(m => m.SpaceId == space.Id && m.UserId == user.Id).Select(m => (SpaceRole?)m.Role).FirstOrDefaultAsync());

    [Fact]
    public async Task Creating_a_space_makes_the_creator_its_admin()
    {
        var creator = await app.CreateUserAsync();
        var client = await app.LoginAsync(creator);
        var name = app.Unique("Probenplan Herbst ");

        var response = await client.SubmitAsync("/spaces/new", "/spaces/new", NewSpace(name, SpaceVisibility.Closed));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var space = await app.WithDbAsync(db => db.Spaces.AsNoTracking().Include(s => s.Members).SingleAsync(s => s.Name == name));
        Assert.Equal($"/spaces/{space.Slug}", response.Headers.Location?.ToString());
        Assert.StartsWith("probenplan-herbst-", space.Slug, StringComparison.Ordinal);
        Assert.Equal(SpaceVisibility.Closed, space.Visibility);
        var membership = Assert.Single(space.Members);
        Assert.Equal(creator.Id, membership.UserId);
        Assert.Equal(SpaceRole.Admin, membership.Role);
        Assert.Contains(name, await client.GetPageAsync($"/spaces/{space.Slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_differs_only_in_case_answers_409_and_creates_no_second_space()
    {
        var client = await app.LoginAsync(await app.CreateUserAsync());
        var name = app.Unique("Ensemble ");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/spaces/new", "/spaces/new", NewSpace(name))).StatusCode);

        var response = await client.SubmitAsync("/spaces/new", "/spaces/new", NewSpace(name.ToUpperInvariant(), SpaceVisibility.Secret));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("A space with this name already exists. Please choose another name.", Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(1, await SpacesNamedAsync(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("too long")]
    public async Task An_empty_or_too_long_name_answers_400_and_stores_nothing(string name)
    {
        var creator = await app.CreateUserAsync();
        var client = await app.LoginAsync(creator);
        if (name == "too long") name = new string('x', Space.MaxNameLength + 1) + app.Unique("");
        var spacesBefore = await app.WithDbAsync(db => db.Spaces.CountAsync(s => s.CreatedById == creator.Id));

        var response = await client.SubmitAsync("/spaces/new", "/spaces/new", NewSpace(name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(spacesBefore, await app.WithDbAsync(db => db.Spaces.CountAsync(s => s.CreatedById == creator.Id)));
    }

    [Fact]
    public async Task Guests_cannot_create_spaces()
    {
        var guest = await app.CreateUserAsync(OrgRole.Guest);
        var home = await app.CreateSpaceAsync(SpaceVisibility.Closed, await app.CreateUserAsync(), guest);
        var client = await app.LoginAsync(guest);
        var name = app.Unique("Guest space ");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/spaces/new")).StatusCode);
        var response = await client.PostFormAsync($"/spaces/{home.Slug}", "/spaces/new", NewSpace(name));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await SpacesNamedAsync(name));
    }

    [Fact]
    public async Task Joining_an_open_space_makes_one_a_member()
    {
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, await app.CreateUserAsync());
        var joiner = await app.CreateUserAsync();
        var client = await app.LoginAsync(joiner);

        var response = await client.SubmitAsync($"/spaces/{space.Slug}", $"/spaces/{space.Slug}?handler=Join", new());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SpaceRole.Member, await RoleAsync(space, joiner));
        Assert.Contains("Leave space", await client.GetPageAsync($"/spaces/{space.Slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_space_cannot_be_joined_directly()
    {
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, await app.CreateUserAsync());
        var outsider = await app.CreateUserAsync();
        var client = await app.LoginAsync(outsider);

        var response = await client.PostFormAsync($"/spaces/{space.Slug}", $"/spaces/{space.Slug}?handler=Join", new());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await RoleAsync(space, outsider));
    }

    [Fact]
    public async Task A_request_to_join_a_closed_space_is_accepted_by_its_admin_and_the_member_can_then_read()
    {
        var spaceAdmin = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, spaceAdmin);
        var adminClient = await app.LoginAsync(spaceAdmin);
        var marker = app.Unique("Closed content ");
        await adminClient.PublishAsync(space, marker);
        var applicant = await app.CreateUserAsync();
        var client = await app.LoginAsync(applicant);
        Assert.DoesNotContain(marker, await client.GetPageAsync($"/spaces/{space.Slug}"), StringComparison.Ordinal);

        var request = await client.SubmitAsync($"/spaces/{space.Slug}", $"/spaces/{space.Slug}?handler=RequestJoin", new() { ["message"] = "Ich spiele mit" });

        Assert.Equal(HttpStatusCode.Redirect, request.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.SpaceJoinRequests.AnyAsync(r => r.SpaceId == space.Id && r.UserId == applicant.Id)));
        Assert.Contains("You asked to join. A space admin will decide.", await client.GetPageAsync($"/spaces/{space.Slug}"), StringComparison.Ordinal);
        var members = await adminClient.GetPageAsync($"/spaces/{space.Slug}/members");
        Assert.Contains(applicant.DisplayName, members, StringComparison.Ordinal);
        Assert.Contains("Ich spiele mit", members, StringComparison.Ordinal);

        var accept = await adminClient.SubmitAsync($"/spaces/{space.Slug}/members", $"/spaces/{space.Slug}/members?handler=Accept", new() { ["userId"] = Id(applicant.Id) });

        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal(SpaceRole.Member, await RoleAsync(space, applicant));
        Assert.False(await app.WithDbAsync(db => db.SpaceJoinRequests.AnyAsync(r => r.SpaceId == space.Id && r.UserId == applicant.Id)));
        Assert.Contains(marker, await client.GetPageAsync($"/spaces/{space.Slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_space_admin_may_accept_a_request()
    {
        var spaceAdmin = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, spaceAdmin, member);
        var applicant = await app.CreateUserAsync();
        var applicantClient = await app.LoginAsync(applicant);
        await applicantClient.SubmitAsync($"/spaces/{space.Slug}", $"/spaces/{space.Slug}?handler=RequestJoin", new() { ["message"] = "" });
        var memberClient = await app.LoginAsync(member);
        var membersPage = $"/spaces/{space.Slug}/members";
        Assert.DoesNotContain(applicant.DisplayName, await memberClient.GetPageAsync(membersPage), StringComparison.Ordinal);

        var response = await memberClient.PostFormAsync($"/spaces/{space.Slug}", membersPage + "?handler=Accept", new() { ["userId"] = Id(applicant.Id) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await RoleAsync(space, applicant));
        Assert.True(await app.WithDbAsync(db => db.SpaceJoinRequests.AnyAsync(r => r.SpaceId == space.Id && r.UserId == applicant.Id)));
        // Nor can the applicant accept themselves.
        var self = await applicantClient.PostFormAsync($"/spaces/{space.Slug}", membersPage + "?handler=Accept", new() { ["userId"] = Id(applicant.Id) });
        Assert.Equal(HttpStatusCode.NotFound, self.StatusCode);
        Assert.Null(await RoleAsync(space, applicant));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_space_admin_adds_a_member_by_email_or_handle(bool byHandle)
    {
        var spaceAdmin = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Secret, spaceAdmin);
        var newcomer = await app.CreateUserAsync();
        var client = await app.LoginAsync(spaceAdmin);
        var page = $"/spaces/{space.Slug}/members";

        var response = await client.SubmitAsync(page, page + "?handler=Add", new() { ["who"] = byHandle ? "@" + newcomer.Handle : newcomer.Email!.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SpaceRole.Member, await RoleAsync(space, newcomer));
        Assert.Equal(HttpStatusCode.OK, (await (await app.LoginAsync(newcomer)).GetAsync($"/spaces/{space.Slug}")).StatusCode);

        var again = await client.SubmitAsync(page, page + "?handler=Add", new() { ["who"] = newcomer.Email! });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.SpaceMemberships.CountAsync(m => m.SpaceId == space.Id)));
    }

    [Fact]
    public async Task Adding_someone_without_an_account_answers_404_and_adds_nobody()
    {
        var spaceAdmin = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, spaceAdmin);
        var client = await app.LoginAsync(spaceAdmin);
        var page = $"/spaces/{space.Slug}/members";

        var response = await client.SubmitAsync(page, page + "?handler=Add", new() { ["who"] = app.Unique("stranger") + "@test.example" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Nobody with this e-mail address or name has an account. Invite them first.", Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.SpaceMemberships.CountAsync(m => m.SpaceId == space.Id)));
    }

    [Fact]
    public async Task InviteGuest_creates_a_guest_link_for_exactly_this_space()
    {
        var spaceAdmin = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, spaceAdmin);
        var client = await app.LoginAsync(spaceAdmin);
        var page = $"/spaces/{space.Slug}/members";
        var email = app.Unique("dramaturgin") + "@partner.example";

        var response = await client.SubmitAsync(page, page + "?handler=InviteGuest", new() { ["email"] = email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = Html.InvitationPath(await response.Content.ReadAsStringAsync());
        var invitation = await app.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.Email == email));
        Assert.Equal(OrgRole.Guest, invitation.Role);
        Assert.Equal(space.Id, invitation.SpaceId);

        var guest = app.NewClient();
        var accepted = await guest.SubmitAsync(path, path, new()
        {
            ["Input.DisplayName"] = "Gast " + app.Unique("d"), ["Input.Email"] = email, ["Input.Password"] = FoyerApp.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Equal(OrgRole.Guest, user.Role);
        Assert.Equal([space.Id], await app.WithDbAsync(db => db.SpaceMemberships.Where(m => m.UserId == user.Id).Select(m => m.SpaceId).ToListAsync()));
    }

    [Fact]
    public async Task A_plain_member_cannot_invite_guests()
    {
        var member = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, await app.CreateUserAsync(), member);
        var client = await app.LoginAsync(member);
        var page = $"/spaces/{space.Slug}/members";
        var email = app.Unique("uninvited") + "@partner.example";

        var response = await client.PostFormAsync($"/spaces/{space.Slug}", page + "?handler=InviteGuest", new() { ["email"] = email });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == email)));
    }

    [Fact]
    public async Task The_last_admin_cannot_leave_the_space()
    {
        var spaceAdmin = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, spaceAdmin, member);
        var client = await app.LoginAsync(spaceAdmin);

        var response = await client.SubmitAsync($"/spaces/{space.Slug}", $"/spaces/{space.Slug}?handler=Leave", new());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("You are the last admin of this space. Make someone else an admin before you leave.", Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(SpaceRole.Admin, await RoleAsync(space, spaceAdmin));

        // A plain member may leave.
        var memberClient = await app.LoginAsync(member);
        Assert.Equal(HttpStatusCode.Redirect, (await memberClient.SubmitAsync($"/spaces/{space.Slug}", $"/spaces/{space.Slug}?handler=Leave", new())).StatusCode);
        Assert.Null(await RoleAsync(space, member));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SpaceSqliteTests(SqliteApp app) : SpaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SpacePostgresTests(PostgresApp app) : SpaceTests(app);
