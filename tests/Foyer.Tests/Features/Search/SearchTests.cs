using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Search;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Search;

/// <summary>Search end to end: fresh within the outbox's round, gone at once when deleted, and never beyond the audience.</summary>
public abstract class SearchTests(FoyerApp app)
{
    [Fact]
    public async Task A_new_post_is_found_after_indexing_by_a_word_an_inflection_and_a_compound_part()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var word = app.Unique("Zauberwort");
        var client = await app.LoginAsync(author);
        var postId = await client.PublishAsync(space, $"Das Kooperationsprojekt {word} mit der Staatsoper beginnt.");
        await app.IndexedAsync();

        Assert.Contains($"/posts/{postId}", await client.SearchAsync(word));
        Assert.Contains($"/posts/{postId}", await client.SearchAsync($"{word} Projekt"));
        Assert.Contains($"/posts/{postId}", await client.SearchAsync($"{word} Opern"));
        var page = await client.GetPageAsync("/search?q=" + Uri.EscapeDataString(word));
        Assert.Contains("<mark>" + word + "</mark>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_finds_the_words_that_begin_with_it_but_not_those_that_only_share_its_stem()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var probe = await client.PublishAsync(space, "Die Probe beginnt um zehn.");
        var plan = await client.PublishAsync(space, "Der Probenplan für Dezember hängt aus.");
        var problem = await client.PublishAsync(space, "Ein Problem mit dem Licht im Saal.");
        await app.IndexedAsync();

        var found = await client.SearchAsync("Probe", $"&space={space.Slug}");
        Assert.Contains($"/posts/{probe}", found);
        Assert.Contains($"/posts/{plan}", found);
        Assert.DoesNotContain($"/posts/{problem}", found);
        Assert.Equal([$"/posts/{problem}"], await client.SearchAsync("Problem", $"&space={space.Slug}"));

        // Marked the same way: the word and its family, not the words that only share the stem.
        var both = await client.PublishAsync(space, "Kein Problem bei der Probe.");
        await app.IndexedAsync();
        var page = await client.GetPageAsync($"/search?q=Probe&space={space.Slug}");
        Assert.Contains($"/posts/{both}", SearchTestSupport.HitPaths(page));
        Assert.Contains("Kein Problem bei der <mark>Probe</mark>.", page, StringComparison.Ordinal);
        Assert.Contains("<mark>Probenplan</mark>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phrase_finds_its_words_as_neighbours_only_in_that_order_and_with_the_other_words_of_the_query()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var within = $"&space={space.Slug}";
        var together = await client.PublishAsync(space, "Im zweiten Akt fällt der Vorhang zu früh.");
        var apart = await client.PublishAsync(space, "Der Akt war lang, im zweiten Teil wurde es besser.");
        var reversed = await client.PublishAsync(space, "Nach dem Akt zweiten Grades kam die Pause.");
        var longer = await client.PublishAsync(space, "Die Probe im zweiten Akt der Zauberflöte beginnt früher.");
        var atStart = await client.PublishAsync(space, "Zweiten Akt spielen wir am Montag, sagt die Regie.");
        await app.IndexedAsync();

        var found = await client.SearchAsync("\"zweiten Akt\"", within);
        Assert.Equal(new[] { $"/posts/{together}", $"/posts/{longer}", $"/posts/{atStart}" }.Order(), found.Order());
        // A longer phrase needs every word in order; other words of the query must be there too; exclusions apply.
        Assert.Equal([$"/posts/{longer}"], await client.SearchAsync("\"zweiten Akt der Zauberflöte\"", within));
        Assert.Empty(await client.SearchAsync("\"Akt der zweiten\"", within));
        Assert.Equal([$"/posts/{longer}"], await client.SearchAsync("Probe \"zweiten Akt\"", within));
        Assert.Equal(new[] { $"/posts/{together}", $"/posts/{atStart}" }.Order(), (await client.SearchAsync("\"zweiten Akt\" -Zauberflöte", within)).Order());
        Assert.DoesNotContain($"/posts/{apart}", found);
        Assert.DoesNotContain($"/posts/{reversed}", found);

        // An edit that separates the words takes the post out of the phrase's results.
        await app.WithDbAsync(async db =>
        {
            var post = await db.Posts.SingleAsync(p => p.Id == together);
            post.PlainText = "Im zweiten, sehr langen Akt fällt der Vorhang.";
            post.Markdown = post.PlainText;
            await db.SaveChangesAsync();
            return 0;
        });
        await app.IndexedAsync();
        Assert.DoesNotContain($"/posts/{together}", await client.SearchAsync("\"zweiten Akt\"", within));
    }

    [Fact]
    public async Task A_word_far_down_a_long_text_is_shown_in_the_snippet_with_its_mark()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var word = app.Unique("Tiefwort");
        var filler = string.Concat(Enumerable.Repeat("Die Kantine öffnet um sieben Uhr, die Probebühne um acht. ", 90));
        var client = await app.LoginAsync(author);
        var postId = await client.PublishAsync(space, $"{filler}\n\nGanz unten steht {word} im Text.");
        await app.IndexedAsync();

        var page = await client.GetPageAsync("/search?q=" + Uri.EscapeDataString(word));
        Assert.Contains($"/posts/{postId}", page, StringComparison.Ordinal);
        Assert.Contains("Ganz unten steht <mark>" + word + "</mark> im Text.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_matches_are_all_counted_and_each_is_on_exactly_one_page_the_best_first()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var word = app.Unique("Vielwort");
        // More matches than relevance ranks (the newest RankWindow): the older ones follow, newest first.
        const int Count = SearchEngineBase.RankWindow + 45;
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var ids = await app.WithDbAsync(async db =>
        {
            var posts = Enumerable.Range(0, Count).Select(i =>
            {
                var text = i == Count - 30 ? $"{word}, {word} und nochmals {word}." : $"Beitrag Nummer {i} erwähnt {word} einmal unter vielen anderen Worten.";
                return new Post { SpaceId = space.Id, AuthorId = author.Id, Markdown = text, Html = $"<p>{text}</p>", PlainText = text, CreatedAt = now.AddMinutes(i - Count) };
            }).ToList();
            db.Posts.AddRange(posts);
            await db.SaveChangesAsync();
            return posts.Select(p => p.Id).ToList();
        });
        await app.IndexedAsync();

        var viewer = new Viewer(author.Id, OrgRole.Member);
        var seen = new List<long>();
        var dates = new List<DateTime>();
        SearchResults results;
        var page = 1;
        do
        {
            await using var scope = app.Services.CreateAsyncScope();
            results = await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(viewer, word, new SearchFilters(), page++);
            Assert.Equal(Count, results.Total);
            Assert.False(results.TotalIsLowerBound);
            seen.AddRange(results.Hits.Select(h => h.SourceId));
            dates.AddRange(results.Hits.Select(h => h.CreatedAt));
        }
        while (results.HasMore);

        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(ids[Count - 30], seen[0]);
        var older = dates.Skip(SearchEngineBase.RankWindow).ToList();
        Assert.Equal(Count - SearchEngineBase.RankWindow, older.Count);
        Assert.Equal(older.OrderDescending(), older);
    }

    [Fact]
    public async Task An_edit_is_found_by_its_new_words_and_a_deleted_post_disappears_before_any_indexing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var before = app.Unique("Altwort");
        var after = app.Unique("Neuwort");
        var client = await app.LoginAsync(author);
        var postId = await client.PublishAsync(space, $"Erster Stand: {before}");
        await client.CommentAsync(postId, $"Ein Kommentar mit {before}");
        await app.IndexedAsync();
        Assert.Equal(2, (await client.SearchAsync(before)).Count);

        await app.WithDbAsync(async db =>
        {
            var post = await db.Posts.SingleAsync(p => p.Id == postId);
            post.PlainText = $"Zweiter Stand: {after}";
            post.Markdown = post.PlainText;
            await db.SaveChangesAsync();
            return 0;
        });
        await app.IndexedAsync();
        Assert.Equal([$"/posts/{postId}"], await client.SearchAsync(after));

        var delete = await client.SubmitAsync($"/posts/{postId}", $"/posts/{postId}?handler=Delete", []);
        Assert.True(delete.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther);
        // No outbox round here: the post and its comment left the index in the same save.
        Assert.Empty(await client.SearchAsync(after));
        Assert.Empty(await client.SearchAsync(before));
    }

    [Fact]
    public async Task Secret_and_closed_content_is_never_found_counted_or_suggested_for_those_outside()
    {
        var insider = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var guest = await app.CreateUserAsync(OrgRole.Guest);
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, insider);
        var closed = await app.CreateSpaceAsync(SpaceVisibility.Closed, insider);
        var open = await app.CreateSpaceAsync(SpaceVisibility.Open, insider);
        var word = app.Unique("Geheimprojekt");
        var insiderClient = await app.LoginAsync(insider);
        var secretPost = await insiderClient.PublishAsync(secret, $"{word} Phoenix startet im Mai.");
        var closedPost = await insiderClient.PublishAsync(closed, $"{word} Phoenix: Budget steht.");
        var openPost = await insiderClient.PublishAsync(open, $"Offen: {word} wird bald vorgestellt.");
        await app.IndexedAsync();

        Assert.Equal(3, (await insiderClient.SearchAsync(word)).Count);
        var outsiderClient = await app.LoginAsync(outsider);
        Assert.Equal([$"/posts/{openPost}"], await outsiderClient.SearchAsync(word));
        var page = await outsiderClient.GetPageAsync("/search?q=" + Uri.EscapeDataString(word + " Phoenix"));
        Assert.Contains("Nothing found.", page, StringComparison.Ordinal);
        Assert.Empty(SearchTestSupport.HitPaths(page));
        // A typo of a word that only the secret and closed posts contain: no suggestion leaks it.
        var typo = await outsiderClient.GetPageAsync("/search?q=" + Uri.EscapeDataString("Phoenxi"));
        Assert.DoesNotContain("Did you mean", typo, StringComparison.Ordinal);
        var insiderTypo = await insiderClient.GetPageAsync("/search?q=" + Uri.EscapeDataString("Phoenxi"));
        Assert.Contains("Did you mean", insiderTypo, StringComparison.Ordinal);
        // The secret space itself is not found by its name either.
        var secretName = await app.WithDbAsync(db => db.Spaces.Where(s => s.Id == secret.Id).Select(s => s.Name).SingleAsync());
        Assert.DoesNotContain($"/spaces/{secret.Slug}", await outsiderClient.SearchAsync(secretName));
        Assert.Contains($"/spaces/{secret.Slug}", await insiderClient.SearchAsync(secretName));
        // Autocomplete: the same audience.
        var outsiderSuggest = await (await outsiderClient.GetAsync("/search/suggest?q=" + Uri.EscapeDataString(word))).Content.ReadAsStringAsync();
        Assert.Contains($"/posts/{openPost}", outsiderSuggest, StringComparison.Ordinal);
        Assert.DoesNotContain($"/posts/{secretPost}", outsiderSuggest, StringComparison.Ordinal);
        Assert.DoesNotContain($"/posts/{closedPost}", outsiderSuggest, StringComparison.Ordinal);
        Assert.DoesNotContain("Phoenix", outsiderSuggest, StringComparison.Ordinal);
        var insiderSuggest = await (await insiderClient.GetAsync("/search/suggest?q=" + Uri.EscapeDataString(word))).Content.ReadAsStringAsync();
        Assert.Contains($"/posts/{secretPost}", insiderSuggest, StringComparison.Ordinal);
        // A guest of no space finds nothing of this, not even the open post.
        Assert.Empty(await (await app.LoginAsync(guest)).SearchAsync(word));
        Assert.DoesNotContain($"/posts/{secretPost}", await outsiderClient.SearchAsync(word));
        Assert.DoesNotContain($"/posts/{closedPost}", await outsiderClient.SearchAsync(word));

        // Joining the closed space: found at once (the audience is decided when searching, not when indexing).
        await app.WithDbAsync(async db =>
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = closed.Id, UserId = outsider.Id, Role = SpaceRole.Member, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });
        Assert.Contains($"/posts/{closedPost}", await outsiderClient.SearchAsync(word));
    }

    [Fact]
    public async Task Guests_find_what_is_in_their_spaces_and_the_people_there_only()
    {
        var member = await app.CreateUserAsync(name: app.Unique("Mitglied "));
        var stranger = await app.CreateUserAsync(name: app.Unique("Fremde "));
        var guest = await app.CreateUserAsync(OrgRole.Guest);
        var shared = await app.CreateSpaceAsync(SpaceVisibility.Closed, member, guest);
        var other = await app.CreateSpaceAsync(SpaceVisibility.Open, stranger);
        var word = app.Unique("Gastwort");
        var inShared = await (await app.LoginAsync(member)).PublishAsync(shared, $"{word} für unsere Gäste");
        await (await app.LoginAsync(stranger)).PublishAsync(other, $"{word} im offenen Raum");
        await app.IndexedAsync();

        var guestClient = await app.LoginAsync(guest);
        Assert.Equal([$"/posts/{inShared}"], await guestClient.SearchAsync(word));
        Assert.Contains($"/people/{member.Handle}", await guestClient.SearchAsync(member.DisplayName));
        Assert.DoesNotContain($"/people/{stranger.Handle}", await guestClient.SearchAsync(stranger.DisplayName));
        Assert.Contains($"/people/{stranger.Handle}", await (await app.LoginAsync(member)).SearchAsync(stranger.DisplayName));
    }

    [Fact]
    public async Task Filters_narrow_by_type_space_author_date_and_tag()
    {
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        var one = await app.CreateSpaceAsync(SpaceVisibility.Open, alice, bob);
        var two = await app.CreateSpaceAsync(SpaceVisibility.Open, alice, bob);
        var word = app.Unique("Filterwort");
        var tag = app.Unique("tag").ToLowerInvariant();
        var aliceClient = await app.LoginAsync(alice);
        var a = await aliceClient.PublishAsync(one, $"{word} eins #{tag}");
        var b = await (await app.LoginAsync(bob)).PublishAsync(two, $"{word} zwei");
        await aliceClient.CommentAsync(b, $"{word} als Kommentar");
        await app.IndexedAsync();

        Assert.Equal(3, (await aliceClient.SearchAsync(word)).Count);
        Assert.Equal(2, (await aliceClient.SearchAsync(word, "&type=posts")).Count);
        Assert.Single(await aliceClient.SearchAsync(word, "&type=comments"));
        Assert.Equal([$"/posts/{a}"], await aliceClient.SearchAsync(word, $"&type=posts&space={one.Slug}"));
        Assert.Equal([$"/posts/{b}"], await aliceClient.SearchAsync(word, $"&type=posts&author={bob.Handle}"));
        Assert.Equal([$"/posts/{a}"], await aliceClient.SearchAsync(word, $"&tag={tag}"));
        var today = app.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, (await aliceClient.SearchAsync(word, $"&from={today}&to={today}")).Count);
        Assert.Empty(await aliceClient.SearchAsync(word, "&from=2001-01-01&to=2001-12-31"));

        var badDate = await aliceClient.GetAsync("/search?q=x&from=gestern");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("not a date", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var hidden = await app.CreateSpaceAsync(SpaceVisibility.Secret, bob);
        var badSpace = await aliceClient.GetAsync($"/search?q=x&space={hidden.Slug}");
        Assert.Equal(HttpStatusCode.BadRequest, badSpace.StatusCode);
        Assert.Contains("no such space", await badSpace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_space_with_a_new_address_moves_its_wiki_pages_in_the_results()
    {
        var owner = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, owner);
        var title = app.Unique("Umzugsseite");
        var client = await app.LoginAsync(owner);
        await Foyer.Tests.Features.Wiki.WikiActions.CreatePageAsync(client, space, title, "Inhalt");
        await app.IndexedAsync();
        var before = Assert.Single(await client.SearchAsync(title, "&type=wiki"));
        Assert.StartsWith($"/spaces/{space.Slug}/wiki/", before, StringComparison.Ordinal);

        var slug = app.Unique("neue-adresse-");
        await app.WithDbAsync(async db =>
        {
            (await db.Spaces.SingleAsync(s => s.Id == space.Id)).Slug = slug;
            await db.SaveChangesAsync();
            return 0;
        });
        await app.IndexedAsync();

        Assert.StartsWith($"/spaces/{slug}/wiki/", Assert.Single(await client.SearchAsync(title, "&type=wiki")), StringComparison.Ordinal);
    }

    public static TheoryData<string> HostileQueries => new()
    {
        "",
        "   ",
        new string('a', 10_000),
        string.Join(' ', Enumerable.Repeat("wort", 2_000)),
        "\"",
        "\"unbalanced phrase",
        "*",
        "NEAR(a b)",
        "a NEAR b",
        "title:probe",
        "^probe",
        "(probe",
        "probe)",
        "a OR b AND NOT c",
        "' OR 1=1 --",
        "\"; DROP TABLE \"Posts\"; --",
        "%_\\",
        "probe:* & !x | y <-> z",
        "\u0000\u0001\u001f probe",
        "🎭 Theater 🎻",
        "-",
        "-probe",
        "--probe",
        "a' ''",
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Any_query_gets_results_or_a_clear_message_never_an_error(string query)
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user);
        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("SQLite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("syntax error", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Npgsql", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_rebuild_makes_the_index_from_the_database_again()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var word = app.Unique("Neubau");
        var client = await app.LoginAsync(author);
        var postId = await client.PublishAsync(space, $"{word} im Archiv");
        await app.IndexedAsync();
        // The index loses the document (as after a restore of an old backup), the rebuild brings it back.
        await app.WithDbAsync(db => db.SearchDocuments.Where(d => d.Kind == SearchKind.Post && d.SourceId == postId).ExecuteDeleteAsync());
        Assert.Empty(await client.SearchAsync(word));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var progress = new List<(SearchKind, int)>();
            var total = await scope.ServiceProvider.GetRequiredService<SearchIndexer>().RebuildAsync((k, n) => progress.Add((k, n)), CancellationToken.None);
            Assert.True(total > 0);
            Assert.Contains(progress, p => p.Item1 == SearchKind.Post);
        }
        Assert.Equal([$"/posts/{postId}"], await client.SearchAsync(word));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSearchTests(SqliteApp app) : SearchTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchTests(PostgresApp app) : SearchTests(app);
