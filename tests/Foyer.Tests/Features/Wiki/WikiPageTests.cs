using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Wiki;

public abstract class WikiPageTests(FoyerApp app)
{
    private async Task<(Space Space, TestClient Client, User Owner)> SpaceAsync(SpaceVisibility visibility = SpaceVisibility.Open)
    {
        var owner = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(visibility, owner);
        return (space, await app.LoginAsync(owner), owner);
    }

    private Task<Foyer.Data.Wiki.WikiPage> PageAsync(long spaceId, string title) =>
        app.WithDbAsync(db => db.WikiPages.AsNoTracking().SingleAsync(p => p.SpaceId == spaceId && p.Title == title));

    [Fact]
    public async Task Creating_a_page_gives_a_readable_slug_a_first_revision_and_a_stream_entry()
    {
        var (space, client, owner) = await SpaceAsync();
        var response = await client.CreatePageAsync(space, "Probenplan Größe Herbst", "Erste Leseprobe", summary: "erste Fassung");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/spaces/{space.Slug}/wiki/probenplan-groesse-herbst", response.Headers.Location!.ToString());

        var page = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/probenplan-groesse-herbst");
        Assert.Contains("Erste Leseprobe", page, StringComparison.Ordinal);
        var stored = await PageAsync(space.Id, "Probenplan Größe Herbst");
        Assert.Equal(1, await app.WithDbAsync(db => db.WikiRevisions.CountAsync(r => r.PageId == stored.Id)));
        var entry = await app.WithDbAsync(db => db.Posts.SingleAsync(p => p.WikiPageId == stored.Id));
        Assert.Equal(PostKind.WikiCreated, entry.Kind);
        Assert.Equal(owner.Id, entry.AuthorId);
        var stream = await client.GetPageAsync($"/spaces/{space.Slug}");
        Assert.Contains($"/spaces/{space.Slug}/wiki/probenplan-groesse-herbst\">Probenplan Größe Herbst</a>", stream, StringComparison.Ordinal);
        Assert.Contains("erste Fassung", stream, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 400)]
    [InlineData("Mit [Klammern]", 400)]
    public async Task Bad_titles_are_refused_and_nothing_is_stored(string title, int status)
    {
        var (space, client, _) = await SpaceAsync();
        var response = await client.CreatePageAsync(space, title, "Text");
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.WikiPages.CountAsync(p => p.SpaceId == space.Id)));
    }

    [Fact]
    public async Task A_title_taken_in_the_space_is_refused_whatever_its_case()
    {
        var (space, client, _) = await SpaceAsync();
        await client.CreatePageAsync(space, "Technik", "eins");
        var response = await client.CreatePageAsync(space, "  tECHNIK ", "zwei");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("zwei", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.WikiPages.CountAsync(p => p.SpaceId == space.Id)));
    }

    [Fact]
    public async Task A_huge_page_is_refused_with_its_size()
    {
        var (space, client, _) = await SpaceAsync();
        var response = await client.CreatePageAsync(space, "Riesig", new string('x', 200_001));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("200001", (await response.Content.ReadAsStringAsync()).Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.WikiPages.CountAsync(p => p.SpaceId == space.Id)));
    }

    [Fact]
    public async Task Renaming_keeps_old_addresses_and_old_links_working()
    {
        var (space, client, _) = await SpaceAsync();
        await client.CreatePageAsync(space, "Probenplan", "Plan v1");
        await client.CreatePageAsync(space, "Übersicht", "Siehe [[Probenplan]].");
        var page = await PageAsync(space.Id, "Probenplan");

        var rename = await client.EditPageAsync(space, "probenplan", "Probenplan Herbst", "Plan v2", page.Version);
        Assert.Equal($"/spaces/{space.Slug}/wiki/probenplan-herbst", rename.Headers.Location!.ToString());

        var old = await client.GetAsync($"/spaces/{space.Slug}/wiki/probenplan");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/spaces/{space.Slug}/wiki/probenplan-herbst", old.Headers.Location!.ToString());
        var overview = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/uebersicht");
        Assert.Contains($"<a class=\"wiki-link\" href=\"/spaces/{space.Slug}/wiki/probenplan-herbst\">Probenplan</a>", overview, StringComparison.Ordinal);
        var renamed = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/probenplan-herbst");
        Assert.Contains($"/spaces/{space.Slug}/wiki/uebersicht\">Übersicht</a>", renamed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_to_a_missing_page_turns_into_a_real_link_once_the_page_exists()
    {
        var (space, client, _) = await SpaceAsync();
        await client.CreatePageAsync(space, "Start", "Bald: [[Bühnenbild]]");
        var before = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/start");
        Assert.Contains("class=\"wiki-link missing\"", before, StringComparison.Ordinal);
        await client.CreatePageAsync(space, "Bühnenbild", "Modell");
        var after = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/start");
        Assert.Contains($"<a class=\"wiki-link\" href=\"/spaces/{space.Slug}/wiki/buehnenbild\">Bühnenbild</a>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_diff_and_restore_work_on_revisions_of_the_page_only()
    {
        var (space, client, _) = await SpaceAsync();
        await client.CreatePageAsync(space, "Lichtplan", "Scheinwerfer 1: rot");
        await client.EditPageAsync(space, "lichtplan", "Lichtplan", "Scheinwerfer 1: blau", 1);
        await client.EditPageAsync(space, "lichtplan", "Lichtplan", "Scheinwerfer 1: grün", 2);
        await client.CreatePageAsync(space, "Anderes", "fremd");

        var history = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/lichtplan/history");
        Assert.Contains("/revisions/3", history, StringComparison.Ordinal);
        var diff = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/lichtplan/diff?from=1&to=3");
        Assert.Contains("<del>rot</del>", diff, StringComparison.Ordinal);
        Assert.Contains("<ins>grün</ins>", diff, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/spaces/{space.Slug}/wiki/lichtplan/diff?from=1&to=9")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/spaces/{space.Slug}/wiki/anderes/revisions/3")).StatusCode);

        var restore = await client.SubmitAsync($"/spaces/{space.Slug}/wiki/lichtplan/revisions/1",
            $"/spaces/{space.Slug}/wiki/lichtplan/revisions/1?handler=Restore", new() { ["baseVersion"] = "3" });
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var page = await PageAsync(space.Id, "Lichtplan");
        Assert.Equal(4, page.Version);
        Assert.Equal("Scheinwerfer 1: rot", page.Markdown);
        Assert.Equal(4, await app.WithDbAsync(db => db.WikiRevisions.CountAsync(r => r.PageId == page.Id)));
    }

    [Fact]
    public async Task A_second_save_from_the_same_version_is_a_conflict_that_keeps_both_texts()
    {
        var (space, klaus, _) = await SpaceAsync();
        await klaus.CreatePageAsync(space, "Probenplan", "Montag: Leseprobe\nDienstag: frei\nMittwoch: Bühne");
        var anna = klaus; // the same person in two tabs: the version, not the person, decides

        var first = await klaus.EditPageAsync(space, "probenplan", "Probenplan", "Montag: Leseprobe 10 Uhr\nDienstag: frei\nMittwoch: Bühne", 1);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await anna.EditPageAsync(space, "probenplan", "Probenplan", "Montag: Leseprobe\nDienstag: frei\nMittwoch: Bühne mit Licht", 1);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        // The edits touch different lines: the editor offers both combined, the saved version stays as it was.
        Assert.Contains("Montag: Leseprobe 10 Uhr\nDienstag: frei\nMittwoch: Bühne mit Licht", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("name=\"baseVersion\" value=\"2\"", html, StringComparison.Ordinal);
        var stored = await PageAsync(space.Id, "Probenplan");
        Assert.Equal(2, stored.Version);
        Assert.Equal("Montag: Leseprobe 10 Uhr\nDienstag: frei\nMittwoch: Bühne", stored.Markdown);

        var overlapping = await anna.EditPageAsync(space, "probenplan", "Probenplan", "Montag: Leseprobe 11 Uhr\nDienstag: frei\nMittwoch: Bühne", 1);
        Assert.Equal(HttpStatusCode.Conflict, overlapping.StatusCode);
        Assert.Contains("Montag: Leseprobe 11 Uhr", System.Net.WebUtility.HtmlDecode(await overlapping.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(2, (await PageAsync(space.Id, "Probenplan")).Version);
    }

    [Fact]
    public async Task Moving_a_page_under_its_own_subpage_is_refused()
    {
        var (space, client, _) = await SpaceAsync();
        await client.CreatePageAsync(space, "Produktion", "oben");
        var top = await PageAsync(space.Id, "Produktion");
        await client.CreatePageAsync(space, "Kostüme", "unten", parentId: top.Id);
        var child = await PageAsync(space.Id, "Kostüme");

        var loop = await client.SubmitAsync($"/spaces/{space.Slug}/wiki/produktion/move", $"/spaces/{space.Slug}/wiki/produktion/move",
            new() { ["parentId"] = child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        Assert.Null((await PageAsync(space.Id, "Produktion")).ParentId);

        var up = await client.SubmitAsync($"/spaces/{space.Slug}/wiki/kostueme/move", $"/spaces/{space.Slug}/wiki/kostueme/move", new() { ["parentId"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, up.StatusCode);
        Assert.Null((await PageAsync(space.Id, "Kostüme")).ParentId);
        var view = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/kostueme");
        Assert.DoesNotContain($"/wiki/produktion\">Produktion</a> › ", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backlinks_come_from_pages_posts_and_comments_as_far_as_the_viewer_may_read()
    {
        var (open, owner, ownerUser) = await SpaceAsync(SpaceVisibility.Open);
        await owner.CreatePageAsync(open, "Hausordnung", "Regeln");
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, ownerUser);
        var secretMarker = app.Unique("Geheim");
        var secretPost = await owner.PublishAsync(secret, $"{secretMarker} siehe [[{open.Slug}:Hausordnung]]");
        var openPost = await owner.PublishAsync(open, "Bitte lesen: [[Hausordnung]]");
        await owner.CommentAsync(openPost, "Und auch [[Hausordnung|die Regeln]]");
        await owner.CreatePageAsync(open, "Willkommen", "Start: [[Hausordnung]]");

        var mine = await owner.GetPageAsync($"/spaces/{open.Slug}/wiki/hausordnung");
        Assert.Contains($"/posts/{secretPost}", mine, StringComparison.Ordinal);
        Assert.Contains($"/posts/{openPost}\"", mine, StringComparison.Ordinal);
        Assert.Contains($"/posts/{openPost}#comment-1", mine, StringComparison.Ordinal);
        Assert.Contains($"/spaces/{open.Slug}/wiki/willkommen", mine, StringComparison.Ordinal);

        var colleague = await app.LoginAsync(await app.CreateUserAsync());
        var theirs = await colleague.GetPageAsync($"/spaces/{open.Slug}/wiki/hausordnung");
        Assert.DoesNotContain($"/posts/{secretPost}", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain(secretMarker, theirs, StringComparison.Ordinal);
        Assert.Contains($"/posts/{openPost}\"", theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_space_has_no_wiki_for_outsiders()
    {
        var (secret, owner, _) = await SpaceAsync(SpaceVisibility.Secret);
        await owner.CreatePageAsync(secret, "Budget", "Zahlen");
        var outsider = await app.LoginAsync(await app.CreateUserAsync(OrgRole.Admin));
        foreach (var url in new[] { $"/spaces/{secret.Slug}/wiki", $"/spaces/{secret.Slug}/wiki/budget", $"/spaces/{secret.Slug}/wiki/budget/history",
                     $"/spaces/{secret.Slug}/wiki/budget/diff?from=1&to=1", $"/spaces/{secret.Slug}/wiki/by-title?title=Budget", $"/spaces/{secret.Slug}/wiki/new" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Templates_are_made_by_space_admins_and_fill_a_new_page()
    {
        var (space, admin, _) = await SpaceAsync();
        var member = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = space.Id, UserId = member.Id, JoinedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var made = await admin.SubmitAsync($"/spaces/{space.Slug}/wiki/templates", $"/spaces/{space.Slug}/wiki/templates",
            new() { ["name"] = "Besprechungsnotizen", ["markdown"] = "## Anwesend\n\n## Beschlüsse" });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var template = await app.WithDbAsync(db => db.WikiTemplates.SingleAsync(t => t.SpaceId == space.Id));

        var memberClient = await app.LoginAsync(member);
        var form = await memberClient.GetPageAsync($"/spaces/{space.Slug}/wiki/new?template={template.Id}");
        Assert.Contains("## Anwesend", System.Net.WebUtility.HtmlDecode(form), StringComparison.Ordinal);
        var refused = await memberClient.PostFormAsync($"/spaces/{space.Slug}/wiki/templates", $"/spaces/{space.Slug}/wiki/templates",
            new() { ["name"] = "Meins", ["markdown"] = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.WikiTemplates.CountAsync(t => t.SpaceId == space.Id)));
    }

    [Fact]
    public async Task A_discussion_turns_into_a_page_that_links_back_and_the_post_points_to_it()
    {
        var (space, client, _) = await SpaceAsync();
        var postId = await client.PublishAsync(space, "Wie organisieren wir die Premierenfeier?");
        await client.CommentAsync(postId, "Im Foyer, ab 22 Uhr. Catering fragen wir an.");
        var draft = System.Net.WebUtility.HtmlDecode(await client.GetPageAsync($"/spaces/{space.Slug}/wiki/new?fromPost={postId}"));
        Assert.Contains($"/posts/{postId}", draft, StringComparison.Ordinal);
        Assert.Contains("Im Foyer, ab 22 Uhr.", draft, StringComparison.Ordinal);
        Assert.Contains("Wie organisieren wir die Premierenfeier?", draft, StringComparison.Ordinal);

        var created = await client.CreatePageAsync(space, "Premierenfeier", $"Ergebnis aus [der Diskussion](/posts/{postId})", sourcePostId: postId);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var post = await client.GetPageAsync($"/posts/{postId}");
        Assert.Contains($"/spaces/{space.Slug}/wiki/premierenfeier\">Premierenfeier</a>", post, StringComparison.Ordinal);
        var page = await client.GetPageAsync($"/spaces/{space.Slug}/wiki/premierenfeier");
        Assert.Contains($"href=\"/posts/{postId}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watching_a_page_is_stored_and_can_be_undone()
    {
        var (space, client, owner) = await SpaceAsync();
        await client.CreatePageAsync(space, "Beobachtet", "x");
        var page = await PageAsync(space.Id, "Beobachtet");
        await client.SubmitAsync($"/spaces/{space.Slug}/wiki/beobachtet", $"/spaces/{space.Slug}/wiki/beobachtet?handler=Watch", new());
        Assert.True(await app.WithDbAsync(db => db.WikiWatches.AnyAsync(w => w.PageId == page.Id && w.UserId == owner.Id)));
        await client.SubmitAsync($"/spaces/{space.Slug}/wiki/beobachtet", $"/spaces/{space.Slug}/wiki/beobachtet?handler=Watch", new());
        Assert.False(await app.WithDbAsync(db => db.WikiWatches.AnyAsync(w => w.PageId == page.Id && w.UserId == owner.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WikiPageSqliteTests(SqliteApp app) : WikiPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WikiPagePostgresTests(PostgresApp app) : WikiPageTests(app);
