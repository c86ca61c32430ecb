using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Foyer.Data.Accounts;
using Foyer.Data.Files;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Foyer.Tests.Features.Files;

/// <summary>
/// Files on posts, comments, wiki pages and articles: images are cleaned of metadata and get thumbnails, downloads are
/// served safely, and every download asks the audience filter again, whatever the URL.
/// </summary>
public abstract partial class FileTests(FoyerApp app)
{
    private static KeyValuePair<string, string> F(string k, string v) => new(k, v);
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> PostWithFilesAsync(TestClient client, Space space, string markdown, string? intent = null,
        IEnumerable<string>? keep = null, params (string, string, byte[], string)[] files)
    {
        var fields = new List<KeyValuePair<string, string>> { F("SpaceId", Id(space.Id)), F("Markdown", markdown) };
        if (intent is not null) fields.Add(F("intent", intent));
        foreach (var k in keep ?? []) fields.Add(F("KeepFiles", k));
        return await client.SubmitWithFilesAsync($"/spaces/{space.Slug}", "/posts/new", fields, files);
    }

    /// <summary>The download links of a page: (full file URL, thumbnail URL or null).</summary>
    private static List<string> FileLinks(string html) =>
        FileLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();

    [GeneratedRegex("(?:href|src)=\"(/files/[^\"]+)\"")]
    private static partial Regex FileLink();

    private Task<List<StoredFile>> FilesOfAsync(FileOwnerKind kind, long id) =>
        app.WithDbAsync(db => db.Files.AsNoTracking().Where(f => f.OwnerKind == kind && f.OwnerId == id).OrderBy(f => f.Id).ToListAsync());

    [Fact]
    public async Task A_photo_with_gps_and_a_camera_serial_is_served_without_either_upright_and_with_a_thumbnail()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var original = TestImages.JpegWithGps(400, 300);
        Assert.True(TestImages.HasMetadata(original));

        var response = await PostWithFilesAsync(client, space, "Probenfoto", files: ("Files", "IMG_0042.JPG", original, "image/jpeg"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var postId = TestClient.IdFromLocation(response);
        var stored = Assert.Single(await FilesOfAsync(FileOwnerKind.Post, postId));
        Assert.Equal("image/jpeg", stored.ContentType);
        Assert.Equal((400, 300), (stored.Width, stored.Height));
        Assert.Equal(1, await app.WithDbAsync(db => db.Posts.Where(p => p.Id == postId).Select(p => p.AttachmentCount).SingleAsync()));

        var page = await client.GetPageAsync($"/posts/{postId}");
        var links = FileLinks(page);
        var full = links.Single(l => !l.EndsWith("/thumbnail", StringComparison.Ordinal));
        var thumb = links.Single(l => l.EndsWith("/thumbnail", StringComparison.Ordinal));
        var download = await client.GetAsync(full);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var served = await download.Content.ReadAsByteArrayAsync();
        Assert.False(TestImages.HasMetadata(served));
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using (var bitmap = SKBitmap.Decode(served))
        {
            Assert.Equal((400, 300), (bitmap.Width, bitmap.Height));
        }
        // The stream shows the thumbnail too.
        Assert.Contains(thumb, await client.GetPageAsync($"/spaces/{space.Slug}"), StringComparison.Ordinal);
        var thumbnail = await client.GetAsync(thumb);
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType?.MediaType);
        using var small = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.True(small.Width <= 480 && small.Height <= 480);
    }

    [Fact]
    public async Task A_file_of_a_secret_space_is_404_for_everyone_outside_it_even_with_its_url()
    {
        var admin = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var guest = await app.CreateUserAsync(OrgRole.Guest);
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, admin, member);
        await app.CreateSpaceAsync(SpaceVisibility.Closed, admin, guest);
        var client = await app.LoginAsync(admin);
        var response = await PostWithFilesAsync(client, secret, "Vertraulich",
            files: [("Files", "budget.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 geheim"), "application/pdf"), ("Files", "plan.jpg", TestImages.Jpeg(), "image/jpeg")]);
        var postId = TestClient.IdFromLocation(response);
        var links = FileLinks(await client.GetPageAsync($"/posts/{postId}"));
        Assert.Equal(3, links.Count);

        var memberClient = await app.LoginAsync(member);
        foreach (var link in links) Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync(link)).StatusCode);
        foreach (var stranger in new[] { await app.LoginAsync(outsider), await app.LoginAsync(guest), app.NewClient() })
        {
            foreach (var link in links) Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(link)).StatusCode);
        }
        // Once the member leaves, the URL they knew stops working.
        await app.WithDbAsync(db => db.SpaceMemberships.Where(m => m.SpaceId == secret.Id && m.UserId == member.Id).ExecuteDeleteAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await memberClient.GetAsync(links[0])).StatusCode);
    }

    [Fact]
    public async Task Files_that_are_not_images_are_only_downloaded_whatever_their_name_or_claimed_type()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        var fakeJpeg = Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>");

        var response = await PostWithFilesAsync(client, space, "Anhänge",
            files: [("Files", "logo.svg", svg, "image/svg+xml"), ("Files", "urlaub.jpg", fakeJpeg, "image/jpeg")]);

        var postId = TestClient.IdFromLocation(response);
        var stored = await FilesOfAsync(FileOwnerKind.Post, postId);
        Assert.All(stored, f => Assert.Equal("application/octet-stream", f.ContentType));
        Assert.All(stored, f => Assert.Null(f.ThumbnailKey));
        foreach (var link in FileLinks(await client.GetPageAsync($"/posts/{postId}")))
        {
            var download = await client.GetAsync(link);
            Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task A_polyglot_image_loses_what_it_hid_behind_the_pixels()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var polyglot = TestImages.Jpeg().Concat(Encoding.ASCII.GetBytes("<script>alert('polyglot')</script>")).ToArray();

        var postId = TestClient.IdFromLocation(await PostWithFilesAsync(client, space, "Bild", files: ("Files", "bild.jpg", polyglot, "image/jpeg")));

        var full = FileLinks(await client.GetPageAsync($"/posts/{postId}")).First(l => !l.EndsWith("/thumbnail", StringComparison.Ordinal));
        var served = await (await client.GetAsync(full)).Content.ReadAsByteArrayAsync();
        Assert.True(served.AsSpan().IndexOf("<script>"u8) < 0);
    }

    [Fact]
    public async Task A_pixel_flood_is_refused_with_a_message_and_nothing_is_stored()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);

        var response = await PostWithFilesAsync(client, space, "Riesig", files: ("Files", "flood.png", TestImages.PixelFloodPng(), "image/png"));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("flood.png is too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Files.CountAsync(f => f.UploadedById == author.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));
    }

    [Fact]
    public async Task A_broken_image_is_refused_with_a_message()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var truncated = TestImages.Jpeg()[..20];

        var response = await PostWithFilesAsync(client, space, "Kaputt", files: ("Files", "kaputt.jpg", truncated, "image/jpeg"));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("could not be read", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));
    }

    [Fact]
    public async Task Files_chosen_before_a_preview_come_along_when_publishing_and_stay_private_until_then()
    {
        var author = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, colleague);
        var client = await app.LoginAsync(author);

        var preview = await PostWithFilesAsync(client, space, "Erst ansehen", intent: "preview", files: ("Files", "notiz.txt", "Hallo"u8.ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var pending = await app.WithDbAsync(db => db.Files.SingleAsync(f => f.UploadedById == author.Id));
        Assert.Equal(FileOwnerKind.Pending, pending.OwnerKind);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains($"name=\"KeepFiles\" value=\"{pending.PublicId}\"", html, StringComparison.Ordinal);
        var link = FileLinks(html).Single();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.LoginAsync(colleague)).GetAsync(link)).StatusCode);

        var publish = await PostWithFilesAsync(client, space, "Erst ansehen", keep: [pending.PublicId]);

        var postId = TestClient.IdFromLocation(publish);
        Assert.Equal(pending.Id, Assert.Single(await FilesOfAsync(FileOwnerKind.Post, postId)).Id);
        Assert.Equal(HttpStatusCode.OK, (await (await app.LoginAsync(colleague)).GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task An_upload_whose_form_was_never_sent_is_removed_after_a_day_and_an_attached_one_stays()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        await PostWithFilesAsync(client, space, "Vorschau", intent: "preview", files: ("Files", "entwurf.txt", "Entwurf"u8.ToArray(), "text/plain"));
        var kept = TestClient.IdFromLocation(await PostWithFilesAsync(client, space, "Veröffentlicht", files: ("Files", "final.txt", "Final"u8.ToArray(), "text/plain")));
        var abandoned = await app.WithDbAsync(db => db.Files.SingleAsync(f => f.UploadedById == author.Id && f.OwnerKind == FileOwnerKind.Pending));
        var link = $"/files/{abandoned.PublicId}/entwurf.txt";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        var sweeper = app.Services.GetRequiredService<Foyer.Web.Infrastructure.Files.PendingFileSweeper>();

        await sweeper.SweepAsync(CancellationToken.None);
        Assert.True(await app.WithDbAsync(db => db.Files.AnyAsync(f => f.Id == abandoned.Id))); // a fresh one stays
        app.Clock.Advance(TimeSpan.FromHours(25));
        await sweeper.SweepAsync(CancellationToken.None);

        Assert.False(await app.WithDbAsync(db => db.Files.AnyAsync(f => f.Id == abandoned.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(link)).StatusCode);
        Assert.Single(await FilesOfAsync(FileOwnerKind.Post, kept));
    }

    [Fact]
    public async Task Someone_elses_pending_file_cannot_be_claimed_by_its_id()
    {
        var author = await app.CreateUserAsync();
        var thief = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, thief);
        var client = await app.LoginAsync(author);
        await PostWithFilesAsync(client, space, "Vorschau", intent: "preview", files: ("Files", "geheim.txt", "geheim"u8.ToArray(), "text/plain"));
        var pending = await app.WithDbAsync(db => db.Files.SingleAsync(f => f.UploadedById == author.Id));

        var response = await PostWithFilesAsync(await app.LoginAsync(thief), space, "Meins!", keep: [pending.PublicId]);

        var postId = TestClient.IdFromLocation(response);
        Assert.Empty(await FilesOfAsync(FileOwnerKind.Post, postId));
        Assert.Equal(FileOwnerKind.Pending, (await app.WithDbAsync(db => db.Files.SingleAsync(f => f.Id == pending.Id))).OwnerKind);
    }

    [Fact]
    public async Task Comments_and_wiki_pages_take_files_too()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, author);
        var client = await app.LoginAsync(author);
        var postId = await client.PublishAsync(space, "Diskussion");

        var comment = await client.SubmitWithFilesAsync($"/posts/{postId}", $"/posts/{postId}?handler=Comment", [F("markdown", "Siehe Anhang")],
            ("Files", "ablauf.pdf", Encoding.ASCII.GetBytes("%PDF-1.7 Ablauf"), "application/pdf"));
        Assert.Equal(HttpStatusCode.Redirect, comment.StatusCode);
        var commentId = await app.WithDbAsync(db => db.Comments.Where(c => c.PostId == postId).Select(c => c.Id).SingleAsync());
        var commentFile = Assert.Single(await FilesOfAsync(FileOwnerKind.Comment, commentId));
        Assert.Equal("application/pdf", commentFile.ContentType);
        Assert.Contains($"/files/{commentFile.PublicId}/", await client.GetPageAsync($"/posts/{postId}"), StringComparison.Ordinal);

        var wiki = await client.SubmitWithFilesAsync($"/spaces/{space.Slug}/wiki/new", $"/spaces/{space.Slug}/wiki/new",
            [F("title", "Bühnenplan"), F("markdown", "Der Plan hängt an."), F("summary", "")], ("Files", "plan.jpg", TestImages.JpegWithGps(), "image/jpeg"));
        Assert.Equal(HttpStatusCode.Redirect, wiki.StatusCode);
        var pageId = await app.WithDbAsync(db => db.WikiPages.Where(p => p.SpaceId == space.Id && p.Title == "Bühnenplan").Select(p => p.Id).SingleAsync());
        var pageFile = Assert.Single(await FilesOfAsync(FileOwnerKind.WikiPage, pageId));
        var view = await client.GetPageAsync(wiki.Headers.Location!.ToString());
        Assert.Contains(FilePath(pageFile), view, StringComparison.Ordinal);
        // Outsiders (not members of the closed space) get nothing.
        var outsider = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(FilePath(pageFile))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/files/{commentFile.PublicId}/ablauf.pdf")).StatusCode);
    }

    private static string FilePath(StoredFile f) => $"/files/{f.PublicId}/{Uri.EscapeDataString(f.FileName)}";

    [Fact]
    public async Task An_unknown_file_id_is_404()
    {
        var client = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/files/doesnotexist000000000000000000000/x.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/files/" + new string('a', 300) + "/thumbnail")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFileTests(SqliteApp app) : FileTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFileTests(PostgresApp app) : FileTests(app);

/// <summary>The limits, on an app configured with small ones: too large, too many; nothing is stored and the text stays.</summary>
public sealed class FileLimitTests : IAsyncLifetime, IDisposable
{
    private readonly FoyerApp _app = new(Foyer.Web.Infrastructure.Database.DatabaseProvider.Sqlite, new()
    {
        ["Files:MaxBytes"] = "2000", ["Files:MaxFilesPerItem"] = "2",
    });

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();
    public void Dispose() => _app.Dispose();

    private async Task<(TestClient Client, Space Space, User Author)> SetUpAsync()
    {
        var author = await _app.CreateUserAsync();
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Open, author);
        return (await _app.LoginAsync(author), space, author);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_its_name_and_the_limit_and_the_text_stays()
    {
        var (client, space, author) = await SetUpAsync();
        var response = await client.SubmitWithFilesAsync($"/spaces/{space.Slug}", "/posts/new",
            [new("SpaceId", space.Id.ToString(CultureInfo.InvariantCulture)), new("Markdown", "Mein Text bleibt")],
            ("Files", "gross.bin", new byte[5000], "application/octet-stream"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("gross.bin is too large", html, StringComparison.Ordinal);
        Assert.Contains("Mein Text bleibt", html, StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Files.CountAsync(f => f.UploadedById == author.Id)));
    }

    [Fact]
    public async Task More_files_than_allowed_are_refused()
    {
        var (client, space, author) = await SetUpAsync();
        var response = await client.SubmitWithFilesAsync($"/spaces/{space.Slug}", "/posts/new",
            [new("SpaceId", space.Id.ToString(CultureInfo.InvariantCulture)), new("Markdown", "Drei Dateien")],
            ("Files", "a.txt", "a"u8.ToArray(), "text/plain"), ("Files", "b.txt", "b"u8.ToArray(), "text/plain"), ("Files", "c.txt", "c"u8.ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 2 can be attached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Posts.CountAsync(p => p.AuthorId == author.Id)));
    }
}
