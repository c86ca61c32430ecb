using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Features.Wiki;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Onboarding;

/// <summary>The first-steps tour: named after the organisation, progress from what the person really did, hide and restart, tips in context.</summary>
public abstract partial class FirstStepsTests(FoyerApp app)
{
    [GeneratedRegex("data-first-steps-done=\"(\\d)\"")]
    private static partial Regex Done();

    private static int? Progress(string page) => Done().Match(page) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [Fact]
    public async Task A_newcomer_follows_the_tour_to_a_first_sandbox_post_and_can_hide_and_restart_it()
    {
        var person = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var sandbox = await app.WithDbAsync(async db =>
        {
            var s = await db.Spaces.SingleAsync(x => x.IsSandbox);
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = s.Id, UserId = person.Id, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return s;
        });
        var team = await app.CreateSpaceAsync(SpaceVisibility.Open, colleague);
        var other = await app.LoginAsync(colleague);
        var colleaguePost = await other.PublishAsync(team, "Willkommen im Haus!");
        await other.CreatePageAsync(team, "Hausordnung " + app.Unique("h"), "Bitte Türen schließen.");
        var client = await app.LoginAsync(person);

        var stream = await client.GetPageAsync("/");
        Assert.Contains("Welcome to Stadttheater Test: your first steps", stream, StringComparison.Ordinal);
        Assert.DoesNotContain("Welcome to Foyer", stream, StringComparison.Ordinal);
        Assert.Equal(0, Progress(stream));
        Assert.Contains($"/spaces/{sandbox.Slug}?template=introduce#composer", stream, StringComparison.Ordinal);
        Assert.Contains("type @ and the first letters of a name", stream, StringComparison.Ordinal);

        // The template fills the sandbox composer.
        var composer = await client.GetPageAsync($"/spaces/{sandbox.Slug}?template=introduce");
        Assert.Contains("Hello everyone! I am", composer, StringComparison.Ordinal);
        await client.PublishAsync(sandbox, "Hallo zusammen, ich bin neu hier und übe noch.");
        Assert.Equal(1, Progress(await client.GetPageAsync("/")));

        await client.SubmitAsync($"/posts/{colleaguePost}", $"/posts/{colleaguePost}?handler=Like", new() { ["returnUrl"] = $"/posts/{colleaguePost}" });
        await client.SubmitAsync($"/spaces/{team.Slug}", $"/spaces/{team.Slug}?handler=Join", []);
        Assert.Equal(3, Progress(await client.GetPageAsync("/")));

        // The first wiki page explains the wiki, once.
        var slug = await app.WithDbAsync(db => db.WikiPages.Where(p => p.SpaceId == team.Id).Select(p => p.Slug).FirstAsync());
        Assert.Contains("Your first wiki page", await client.GetPageAsync($"/spaces/{team.Slug}/wiki/{slug}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Your first wiki page", await client.GetPageAsync($"/spaces/{team.Slug}/wiki/{slug}"), StringComparison.Ordinal);
        Assert.Equal(4, Progress(await client.GetPageAsync("/")));

        // The mention tip goes away when closed.
        var closed = await client.SubmitAsync("/", "/first-steps?handler=Tip", new() { ["key"] = "mention", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.DoesNotContain("type @ and the first letters of a name", await client.GetPageAsync("/"), StringComparison.Ordinal);

        var hidden = await client.SubmitAsync("/", "/first-steps?handler=Dismiss", []);
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.Null(Progress(await client.GetPageAsync("/")));
        await client.SubmitAsync("/me", "/first-steps?handler=Restart", []);
        Assert.Equal(4, Progress(await client.GetPageAsync("/")));
    }

    [Fact]
    public async Task Composer_templates_work_on_the_stream_and_unknown_templates_are_ignored()
    {
        var person = await app.CreateUserAsync();
        await app.CreateSpaceAsync(SpaceVisibility.Open, person);
        var client = await app.LoginAsync(person);
        Assert.Contains("Does anyone know", await client.GetPageAsync("/?template=question"), StringComparison.Ordinal);
        var plain = await client.GetPageAsync("/?template=%3Cscript%3E");
        Assert.DoesNotContain("<script>", plain, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FirstStepsSqliteTests(SqliteApp app) : FirstStepsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FirstStepsPostgresTests(PostgresApp app) : FirstStepsTests(app);
