using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Features.Wiki;
using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Features.Search;

/// <summary>
/// The audience matrix for search: viewers (member of the space, organisation member outside it, admin outside it,
/// guest of the space, guest of another space) × space visibility (open, closed, secret) × what is found (post, comment,
/// wiki page, file name, the space itself). Every cell is asserted: found, or not found and not counted.
/// </summary>
public abstract class SearchAudienceMatrixTests(FoyerApp app)
{
    [Fact]
    public async Task Every_viewer_finds_exactly_what_the_audience_filter_lets_them_read()
    {
        var owner = await app.CreateUserAsync();
        var insider = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(OrgRole.Admin);
        var guestIn = await app.CreateUserAsync(OrgRole.Guest);
        var guestOut = await app.CreateUserAsync(OrgRole.Guest);
        await app.CreateSpaceAsync(SpaceVisibility.Closed, owner, guestOut);
        var ownerClient = await app.LoginAsync(owner);

        // What each visibility lets a viewer outside the space do: read the content, or only know the space exists.
        var cells = new List<(string Word, SpaceVisibility Visibility, string What)>();
        foreach (var visibility in new[] { SpaceVisibility.Open, SpaceVisibility.Closed, SpaceVisibility.Secret })
        {
            var space = await app.CreateSpaceAsync(visibility, owner, insider, guestIn);
            var post = app.Unique("Matrixbeitrag");
            var comment = app.Unique("Matrixkommentar");
            var wiki = app.Unique("Matrixseite");
            var file = app.Unique("matrixdatei");
            var postId = await ownerClient.PublishAsync(space, post);
            await ownerClient.CommentAsync(postId, comment);
            await ownerClient.CreatePageAsync(space, wiki, "Inhalt der Seite");
            await app.WithDbAsync(async db =>
            {
                db.Files.Add(new Foyer.Data.Files.StoredFile
                {
                    PublicId = app.Unique("f"), UploadedById = owner.Id, CreatedAt = DateTime.UtcNow, FileName = file + ".pdf",
                    StorageKey = app.Unique("k"), OwnerKind = Foyer.Data.Files.FileOwnerKind.Post, OwnerId = postId,
                });
                await db.SaveChangesAsync();
                return 0;
            });
            var spaceName = await app.WithDbAsync(db => Task.FromResult(db.Spaces.Single(s => s.Id == space.Id).Name));
            cells.Add((post, visibility, "post"));
            cells.Add((comment, visibility, "comment"));
            cells.Add((wiki, visibility, "wiki page"));
            cells.Add((file, visibility, "file name"));
            cells.Add(('"' + spaceName + '"', visibility, "space"));
        }
        await app.IndexedAsync();

        var viewers = new (string Name, User User, Func<SpaceVisibility, string, bool> Finds)[]
        {
            ("member of the space", insider, (_, _) => true),
            ("guest of the space", guestIn, (_, _) => true),
            ("organisation member outside", outsider, (v, what) => v == SpaceVisibility.Open || (v == SpaceVisibility.Closed && what == "space")),
            ("admin outside", admin, (v, what) => v == SpaceVisibility.Open || (v == SpaceVisibility.Closed && what == "space")),
            ("guest of another space", guestOut, (_, _) => false),
        };
        var wrong = new List<string>();
        foreach (var (name, user, finds) in viewers)
        {
            var client = await app.LoginAsync(user);
            foreach (var (word, visibility, what) in cells)
            {
                var page = await client.GetPageAsync("/search?q=" + Uri.EscapeDataString(word));
                var found = SearchTestSupport.HitPaths(page).Count > 0;
                var counted = !page.Contains("Nothing found.", StringComparison.Ordinal);
                var expected = finds(visibility, what);
                if (found != expected || counted != expected) wrong.Add($"{name} / {visibility} {what}: found {found}, counted {counted}, expected {expected}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSearchAudienceMatrixTests(SqliteApp app) : SearchAudienceMatrixTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchAudienceMatrixTests(PostgresApp app) : SearchAudienceMatrixTests(app);
