using System.Globalization;
using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Stream;

/// <summary>Writing posts: mentions and tags become links, user text never becomes markup, and refused posts store nothing.</summary>
public abstract class PostWritingTests(FoyerApp app)
{
    private Task<int> PostsInAsync(Space space) => app.WithDbAsync(db => db.Posts.CountAsync(p => p.SpaceId == space.Id));

    private Task<Post> StoredAsync(long id) => app.WithDbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));

    [Fact]
    public async Task A_mention_of_a_reader_and_a_tag_become_links_and_are_indexed()
    {
        var author = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var tag = app.Unique("Premiere");
        var client = await app.LoginAsync(author);

        var id = await client.PublishAsync(space, $"Danke @{colleague.Handle} für die #{tag}!");

        var page = await client.GetPageAsync($"/posts/{id}");
        Assert.Contains($"<a class=\"mention\" href=\"/people/{colleague.Handle}\">@{colleague.Handle}</a>", page, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"tag\" href=\"/tags/{tag.ToLowerInvariant()}\">#{tag}</a>", page, StringComparison.Ordinal);
        Assert.Equal([colleague.Id], await app.WithDbAsync(db => db.Mentions.Where(m => m.PostId == id).Select(m => m.UserId).ToListAsync()));
        Assert.Equal([tag.ToLowerInvariant()], await app.WithDbAsync(db => db.PostTags.Where(pt => pt.PostId == id).Select(pt => pt.Tag!.Name).ToListAsync()));
        Assert.Contains($"id=\"post-{id}\"", await client.GetPageAsync($"/tags/{tag.ToLowerInvariant()}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mention_of_someone_outside_a_closed_space_stays_text_and_notifies_nobody()
    {
        var author = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, author, member);
        var client = await app.LoginAsync(author);

        var id = await client.PublishAsync(space, $"Frage an @{outsider.Handle} und @{member.Handle}");

        var post = await StoredAsync(id);
        Assert.DoesNotContain($"/people/{outsider.Handle}", post.Html, StringComparison.Ordinal);
        Assert.Contains($"@{outsider.Handle}", post.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/people/{member.Handle}\"", post.Html, StringComparison.Ordinal);
        var page = await client.GetPageAsync($"/posts/{id}");
        Assert.DoesNotContain($"href=\"/people/{outsider.Handle}\"", page, StringComparison.Ordinal);
        Assert.Equal([member.Id], await app.WithDbAsync(db => db.Mentions.Where(m => m.PostId == id).Select(m => m.UserId).ToListAsync()));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script>alert")]
    [InlineData("<img src=x onerror=alert(1)>", "<img")]
    [InlineData("[x](javascript:alert(1))", "href=\"javascript:")]
    [InlineData("<javascript:alert(1)>", "href=\"javascript:")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "href=\"javascript:")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "src=\"data:")]
    [InlineData("<svg onload=alert(1)>", "<svg")]
    [InlineData("<style>body{display:none}</style>", "<style")]
    [InlineData("<a href=\"https://x.org\" onclick=\"alert(1)\">x</a>", "<a href=\"https://x.org\" onclick")]
    public async Task Raw_html_and_script_urls_never_reach_the_page_as_markup(string markdown, string forbiddenMarkup)
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var marker = app.Unique("Attack");

        var id = await client.PublishAsync(space, $"{marker} {markdown}");

        var stored = await StoredAsync(id);
        Assert.Contains(marker, stored.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(forbiddenMarkup, stored.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"<[^>]*\son\w+\s*=", stored.Html);
        foreach (var page in new[] { $"/posts/{id}", $"/spaces/{space.Slug}", "/" })
        {
            var card = Html.PostCardOf(await client.GetPageAsync(page), id);
            Assert.Contains(marker, card, StringComparison.Ordinal);
            Assert.DoesNotContain(forbiddenMarkup, card, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"<[^>]*\son\w+\s*=", card);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    public async Task An_empty_post_answers_400_and_stores_nothing(string markdown)
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);

        var response = await client.WritePostAsync(space, markdown);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The post is empty. Write something first.", Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(0, await PostsInAsync(space));
    }

    [Fact]
    public async Task A_post_longer_than_20000_characters_answers_413_and_stores_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var text = new string('a', Post.MaxMarkdownLength + 1);

        var response = await client.WritePostAsync(space, text);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(Html.Errors(body), e => e.Contains("20001", StringComparison.Ordinal) || e.Contains("20,001", StringComparison.Ordinal));
        // What was typed is not lost: the composer shows it again.
        Assert.Contains(text, body, StringComparison.Ordinal);
        Assert.Equal(0, await PostsInAsync(space));

        // Exactly the limit is fine.
        Assert.Equal(HttpStatusCode.Redirect, (await client.WritePostAsync(space, text[1..])).StatusCode);
        Assert.Equal(1, await PostsInAsync(space));
    }

    [Theory]
    [InlineData(SpaceVisibility.Closed)]
    [InlineData(SpaceVisibility.Secret)]
    public async Task Posting_into_a_space_the_viewer_may_not_read_answers_404_and_stores_nothing(SpaceVisibility visibility)
    {
        var space = await app.CreateSpaceAsync(visibility, await app.CreateUserAsync());
        var outsider = await app.CreateUserAsync(OrgRole.Admin);
        var client = await app.LoginAsync(outsider);

        var response = await client.PostFormAsync("/me", "/posts/new", new()
        {
            ["SpaceId"] = space.Id.ToString(CultureInfo.InvariantCulture), ["Markdown"] = "Ich schreibe mal hier hinein",
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await PostsInAsync(space));
    }

    [Fact]
    public async Task A_guest_cannot_post_into_an_open_space_of_the_organisation()
    {
        var guest = await app.CreateUserAsync(OrgRole.Guest);
        var owner = await app.CreateUserAsync();
        var home = await app.CreateSpaceAsync(SpaceVisibility.Closed, owner, guest);
        var open = await app.CreateSpaceAsync(SpaceVisibility.Open, owner);
        var client = await app.LoginAsync(guest);

        var response = await client.PostFormAsync($"/spaces/{home.Slug}", "/posts/new", new()
        {
            ["SpaceId"] = open.Id.ToString(CultureInfo.InvariantCulture), ["Markdown"] = "Hallo von außen",
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await PostsInAsync(open));
        // In their own space a guest writes like everyone else.
        Assert.Equal(HttpStatusCode.Redirect, (await client.WritePostAsync(home, "Hallo von der Koproduktion")).StatusCode);
    }

    [Fact]
    public async Task A_reader_who_may_not_participate_gets_no_composer_and_a_post_is_refused()
    {
        // Members of an archived space still read it, but nobody writes in it any more.
        var author = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, author, member);
        await app.WithDbAsync(db => db.Spaces.Where(s => s.Id == space.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ArchivedAt, app.Clock.GetUtcNow().UtcDateTime)));
        var client = await app.LoginAsync(member);

        var page = await client.GetPageAsync($"/spaces/{space.Slug}");
        Assert.DoesNotContain("action=\"/posts/new\"", page, StringComparison.Ordinal);
        var response = await client.PostFormAsync($"/spaces/{space.Slug}", "/posts/new", new()
        {
            ["SpaceId"] = space.Id.ToString(CultureInfo.InvariantCulture), ["Markdown"] = "Noch ein Nachtrag",
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await PostsInAsync(space));
    }

    [Fact]
    public async Task An_organisation_member_may_write_in_an_open_space_without_joining()
    {
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, await app.CreateUserAsync());
        var reader = await app.CreateUserAsync();
        var client = await app.LoginAsync(reader);

        var response = await client.WritePostAsync(space, "Offene Räume sind offen");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await PostsInAsync(space));
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_answers_400_and_stores_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        await client.GetPageAsync($"/spaces/{space.Slug}");

        var response = await client.Http.PostAsync("/posts/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["SpaceId"] = space.Id.ToString(CultureInfo.InvariantCulture), ["Markdown"] = "Cross-site forged post",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await PostsInAsync(space));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PostWritingSqliteTests(SqliteApp app) : PostWritingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostWritingPostgresTests(PostgresApp app) : PostWritingTests(app);
