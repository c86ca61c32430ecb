using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Foyer.Data.Links;
using Foyer.Data.Spaces;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Infrastructure.Fetching;

/// <summary>
/// Snapshots of links, taken in the background through the outbox from a local fake provider: posting never waits,
/// the page fills in from Foyer, the thumbnail is Foyer's own cleaned copy, and the snapshot outlives the provider.
/// </summary>
public sealed partial class LinkPreviewTests : IAsyncLifetime, IDisposable
{
    private readonly FakeProviderServer _provider = new();
    private FoyerApp _app = null!;

    public async Task InitializeAsync()
    {
        await _provider.InitializeAsync();
        _app = new FoyerApp(DatabaseProvider.Sqlite, new()
        {
            ["Fetching:AllowedHosts:0"] = $"127.0.0.1:{_provider.Port}", ["LinkPreviews:Fetch"] = "true",
        });
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    public void Dispose() => _app.Dispose();

    [GeneratedRegex("data-preview=\"([^\"]+)\"")]
    private static partial Regex PreviewToken();

    private async Task<(TestClient Client, string Token)> PostLinkAsync(string url)
    {
        var author = await _app.CreateUserAsync();
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await _app.LoginAsync(author);
        var postId = await client.PublishAsync(space, $"Schaut mal:\n\n{url}\n");
        var page = await client.GetPageAsync($"/posts/{postId}");
        var token = PreviewToken().Match(page);
        Assert.True(token.Success, "the post has no snapshot address");
        return (client, WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    /// <summary>Asks like site.js does, until the snapshot is there (the dispatcher works in the background).</summary>
    private static async Task<JsonElement> WaitForSnapshotAsync(TestClient client, string token)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await client.GetAsync("/previews/" + Uri.EscapeDataString(token));
            if (response.StatusCode == HttpStatusCode.OK) return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(100);
        }
        throw new TimeoutException("no snapshot after 10 s");
    }

    [Fact]
    public async Task A_peertube_video_found_by_oembed_discovery_gets_a_snapshot_a_clean_thumbnail_and_a_two_click_player()
    {
        var (client, token) = await PostLinkAsync($"{_provider.Base}/festival");

        var first = await client.GetAsync("/previews/" + Uri.EscapeDataString(token));
        Assert.True(first.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK);
        var snapshot = await WaitForSnapshotAsync(client, token);

        Assert.Equal("ready", snapshot.GetProperty("status").GetString());
        Assert.Equal("PeerTube", snapshot.GetProperty("provider").GetString());
        Assert.Equal("Festivalfilm 2026", snapshot.GetProperty("title").GetString());
        Assert.Equal("Kulturkanal", snapshot.GetProperty("author").GetString());
        Assert.Equal(754, snapshot.GetProperty("duration").GetInt32());
        Assert.Equal($"https://127.0.0.1:{_provider.Port}/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d", snapshot.GetProperty("player").GetString());
        var thumbnail = await client.GetAsync(snapshot.GetProperty("thumbnail").GetString()!);
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.False(TestImages.HasMetadata(await thumbnail.Content.ReadAsByteArrayAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Topic == Foyer.Web.Infrastructure.Links.LinkPreviewFetcher.TopicName && m.ProcessedAt != null && !m.Failed)));
    }

    [Fact]
    public async Task A_generic_page_becomes_a_link_card_and_its_snapshot_outlives_the_provider()
    {
        var (client, token) = await PostLinkAsync($"{_provider.Base}/article");
        var snapshot = await WaitForSnapshotAsync(client, token);
        Assert.Equal("Spielzeit 2027: das Programm", snapshot.GetProperty("title").GetString());
        Assert.Equal("Zwölf Premieren, drei Uraufführungen.", snapshot.GetProperty("description").GetString());
        Assert.Equal("Stadttheater", snapshot.GetProperty("site").GetString());
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("player").ValueKind);

        await _provider.DisposeAsync();

        var later = await WaitForSnapshotAsync(client, token);
        Assert.Equal("Spielzeit 2027: das Programm", later.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(later.GetProperty("thumbnail").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task A_hostile_page_is_stored_as_cut_text_with_no_foreign_player_and_no_metadata_fetch()
    {
        var (client, token) = await PostLinkAsync($"{_provider.Base}/hostile");
        var snapshot = await WaitForSnapshotAsync(client, token);
        var title = snapshot.GetProperty("title").GetString()!;
        Assert.Equal("<img src=x onerror=alert(1)>", title);
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("player").ValueKind);
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("thumbnail").ValueKind);
        var raw = await (await client.GetAsync("/previews/" + Uri.EscapeDataString(token))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<img", raw, StringComparison.Ordinal);
        Assert.True(await _app.WithDbAsync(db => db.LinkPreviews.AllAsync(p => p.Title == null || p.Title.Length <= 300)));
    }

    [Fact]
    public async Task Posting_a_link_queues_its_snapshot_with_the_post_so_it_is_fetched_before_anyone_looks()
    {
        var author = await _app.CreateUserAsync();
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await _app.LoginAsync(author);

        await client.PublishAsync(space, $"Neu:\n\n{_provider.Base}/article\n");

        for (var i = 0; i < 100 && await _app.WithDbAsync(db => db.LinkPreviews.CountAsync(p => p.Status == LinkPreviewStatus.Ready)) == 0; i++)
        {
            await Task.Delay(100);
        }
        var preview = await _app.WithDbAsync(db => db.LinkPreviews.SingleAsync());
        Assert.Equal(LinkPreviewStatus.Ready, preview.Status);
        Assert.Equal("Spielzeit 2027: das Programm", preview.Title);
    }

    [Fact]
    public async Task An_unreachable_provider_leaves_a_failed_snapshot_and_the_link_still_works()
    {
        var (client, token) = await PostLinkAsync("http://127.0.0.1:1/nothing-here");
        var snapshot = await WaitForSnapshotAsync(client, token);
        Assert.Equal("failed", snapshot.GetProperty("status").GetString());
        Assert.Equal(LinkPreviewStatus.Failed, await _app.WithDbAsync(db => db.LinkPreviews.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_made_up_or_tampered_snapshot_address_is_404_and_fetches_nothing()
    {
        var (client, token) = await PostLinkAsync($"{_provider.Base}/article");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/previews/" + Uri.EscapeDataString(token[..^4] + "AAAA"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/previews/aHR0cDovLzE2OS4yNTQuMTY5LjI1NC8")).StatusCode);
        // Only the link that was really posted is ever looked up.
        var posted = $"{_provider.Base}/article";
        Assert.True(await _app.WithDbAsync(db => db.LinkPreviews.AllAsync(p => p.Url == posted)));
        Assert.True(await _app.WithDbAsync(db => db.Outbox.Where(m => m.Topic == Foyer.Web.Infrastructure.Links.LinkPreviewFetcher.TopicName).AllAsync(m => m.Payload == posted)));
    }
}
