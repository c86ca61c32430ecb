using System.Net;
using Foyer.Data.Accounts;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Setup;

/// <summary>A Foyer on a fresh database whose first visitor has not run setup yet.</summary>
public sealed class NotSetUpApp(DatabaseProvider provider) : FoyerApp(provider)
{
    protected override Task SetUpOrganisationAsync() => Task.CompletedTask;
}

/// <summary>
/// The first visit: until the organisation exists every page leads to /setup; setup creates the organisation and its
/// first administrator exactly once, and afterwards the setup page is gone.
/// </summary>
public abstract class SetupTests(FoyerApp app)
{
    private static readonly string[] PagesBehindTheGate =
        ["/", "/login", "/logout", "/me", "/spaces", "/spaces/new", "/people", "/admin/invitations", "/posts/1", "/tags/probe", "/invite/abc", "/nonexistent"];

    private static Dictionary<string, string> SetupFields(string email, string password = FoyerApp.Password) => new()
    {
        ["Input.OrganisationName"] = "Landestheater Probe",
        ["Input.Language"] = "de",
        ["Input.DisplayName"] = "Erste Admin",
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    private async Task WithFreshAppAsync(Func<FoyerApp, Task> test)
    {
        var fresh = new NotSetUpApp(app.Provider);
        try
        {
            await fresh.InitializeAsync();
            await test(fresh);
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task Before_setup_every_page_redirects_to_setup() => await WithFreshAppAsync(async fresh =>
    {
        var client = fresh.NewClient();
        var wrong = new List<string>();
        foreach (var path in PagesBehindTheGate)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString() != "/setup")
            {
                wrong.Add($"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));

        var posted = await client.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@y.example" }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/setup", posted.Headers.Location?.ToString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/site.css")).StatusCode);
        Assert.Equal(0, await fresh.WithDbAsync(db => db.Organisation.CountAsync()));
    });

    [Fact]
    public async Task Setup_creates_the_organisation_and_its_admin_signs_in_and_closes_the_setup_page() => await WithFreshAppAsync(async fresh =>
    {
        var client = fresh.NewClient();
        var response = await client.SubmitAsync("/setup", "/setup", SetupFields("first@setup.example"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
        var (organisations, admin) = await fresh.WithDbAsync(async db =>
            (await db.Organisation.Select(o => new { o.Name, o.DefaultLanguage }).ToListAsync(),
             await db.Users.SingleAsync()));
        var organisation = Assert.Single(organisations);
        Assert.Equal("Landestheater Probe", organisation.Name);
        Assert.Equal("de", organisation.DefaultLanguage);
        Assert.Equal("first@setup.example", admin.Email);
        Assert.Equal(OrgRole.Admin, admin.Role);

        // The admin is signed in and reaches the stream; the gate is open for everyone now.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var anonymous = fresh.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
    });

    [Fact]
    public async Task Setup_with_missing_fields_answers_400_and_stores_nothing() => await WithFreshAppAsync(async fresh =>
    {
        var client = fresh.NewClient();
        var fields = SetupFields("second@setup.example", password: "short");
        fields["Input.OrganisationName"] = "";
        var response = await client.SubmitAsync("/setup", "/setup", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(0, await fresh.WithDbAsync(db => db.Organisation.CountAsync()));
        Assert.Equal(0, await fresh.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal("/setup", (await client.GetAsync("/")).Headers.Location?.ToString());
    });

    [Fact]
    public async Task After_setup_the_setup_page_answers_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().GetAsync("/setup")).StatusCode);
        var admin = await app.LoginAsync(app.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/setup")).StatusCode);
    }

    [Fact]
    public async Task After_setup_a_second_setup_post_creates_nothing()
    {
        var email = app.Unique("intruder") + "@setup.example";
        var organisationsBefore = await app.WithDbAsync(db => db.Organisation.Select(o => o.Name).ToListAsync());
        var client = app.NewClient();

        // The setup page is gone, so the token comes from the login page: a crafted request.
        var response = await client.PostFormAsync("/login", "/setup", SetupFields(email));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(organisationsBefore, await app.WithDbAsync(db => db.Organisation.Select(o => o.Name).ToListAsync()));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/me")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SetupSqliteTests(SqliteApp app) : SetupTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SetupPostgresTests(PostgresApp app) : SetupTests(app);
