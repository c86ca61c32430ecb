using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Foyer.Data;
using Foyer.Data.Links;
using Foyer.Web.Infrastructure.Content.Embeds;
using Foyer.Web.Infrastructure.Fetching;
using Foyer.Web.Infrastructure.Files;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Infrastructure.Links;

public sealed class LinkPreviewOptions
{
    /// <summary>Fetch snapshots from the providers (default). Off: links stay plain links and cards, nothing is fetched.</summary>
    public bool Fetch { get; set; } = true;
}

/// <summary>
/// Takes a link's snapshot in the background: the provider's oEmbed answer (known providers, or one the page itself
/// announces, as PeerTube does), else the page's Open Graph tags and title. The thumbnail is fetched once, cleaned
/// like an upload and kept by Foyer. Everything goes through the SSRF-safe fetcher; nothing received is executed,
/// and every text is cut to size and stored as text.
/// </summary>
public sealed class LinkPreviewFetcher(FoyerDbContext db, SafeFetcher fetcher, IFileStorage storage, IOptions<Files.FileOptions> fileOptions,
    IOptions<LinkPreviewOptions> options, TimeProvider time, ILogger<LinkPreviewFetcher> log) : IOutboxHandler
{
    public const string TopicName = "link-preview";
    public string Topic => TopicName;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        // The payload is the link. Its snapshot row may not exist yet (queued when content was saved).
        var url = payload;
        var hash = LinkPreviewTokens.Hash(url);
        var preview = await db.LinkPreviews.FirstOrDefaultAsync(p => p.UrlHash == hash, cancellationToken);
        if (preview is null)
        {
            preview = new LinkPreview { Url = url, UrlHash = hash, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.LinkPreviews.Add(preview);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                return; // created at the same moment by a reader's request, whose own message fetches it
            }
        }
        if (preview.Status != LinkPreviewStatus.Pending) return;
        if (!options.Value.Fetch)
        {
            preview.Status = LinkPreviewStatus.Failed;
            preview.Error = "fetching link previews is switched off (LinkPreviews:Fetch)";
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        try
        {
            await FillAsync(preview, cancellationToken);
            preview.Status = preview.Title is null && preview.ThumbnailKey is null ? LinkPreviewStatus.Failed : LinkPreviewStatus.Ready;
            if (preview.Status == LinkPreviewStatus.Failed) preview.Error ??= "nothing usable in the answer";
        }
        catch (Exception e) when (e is FetchRefusedException or HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException)
        {
            // A refused address, a dead provider, a hostile answer: the link alone is shown, nothing is retried.
            log.LogInformation("No snapshot for {Url}: {Reason}", preview.Url, e.Message);
            preview.Status = LinkPreviewStatus.Failed;
            preview.Error = Clip(e.Message, 500);
        }
        preview.FetchedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task FillAsync(LinkPreview preview, CancellationToken ct)
    {
        var match = EmbedProviders.Recognise(preview.Url);
        string? thumbnailUrl = null;
        if (match?.Provider.OEmbed is { } oembed)
        {
            preview.Provider = match.Provider.Name;
            thumbnailUrl = await ApplyOEmbedAsync(preview, oembed(new Uri(preview.Url)), ct);
        }
        else
        {
            var page = await fetcher.GetAsync(preview.Url, ct);
            if ((int)page.Status is < 200 or > 299) throw new InvalidOperationException($"the page answered {(int)page.Status}");
            if (page.ContentType is null || !page.ContentType.Contains("html", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("the page is not HTML");
            }
            var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(Encoding.UTF8.GetString(page.Body));
            string? Meta(string property) => document.QuerySelector($"meta[property='{property}'], meta[name='{property}']")?.GetAttribute("content");
            preview.Title = Clip(Meta("og:title") ?? document.Title, 300);
            preview.Description = Clip(Meta("og:description") ?? Meta("description"), 500);
            preview.SiteName = Clip(Meta("og:site_name") ?? page.FinalUrl.Host, 100);
            preview.CanonicalUrl = SafeHttpUrl(Meta("og:url"), page.FinalUrl);
            thumbnailUrl = SafeHttpUrl(Meta("og:image"), page.FinalUrl);
            // oEmbed discovery: a PeerTube instance (or any video site) announces its oEmbed endpoint in the page.
            var discovered = SafeHttpUrl(document.QuerySelector("link[rel='alternate'][type='application/json+oembed']")?.GetAttribute("href"), page.FinalUrl);
            if (discovered is not null)
            {
                thumbnailUrl = await ApplyOEmbedAsync(preview, discovered, ct) ?? thumbnailUrl;
            }
        }
        if (thumbnailUrl is not null) await StoreThumbnailAsync(preview, thumbnailUrl, ct);
    }

    /// <summary>Reads an oEmbed answer into the snapshot; returns its thumbnail address.</summary>
    private async Task<string?> ApplyOEmbedAsync(LinkPreview preview, string endpoint, CancellationToken ct)
    {
        var answer = await fetcher.GetAsync(endpoint, ct);
        if ((int)answer.Status is < 200 or > 299) throw new InvalidOperationException($"oEmbed answered {(int)answer.Status}");
        using var json = JsonDocument.Parse(answer.Body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidOperationException("oEmbed answer is not an object");
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        preview.Title = Clip(Text("title"), 300) ?? preview.Title;
        preview.AuthorName = Clip(Text("author_name"), 200);
        preview.SiteName = Clip(Text("provider_name"), 100) ?? preview.SiteName;
        if (root.TryGetProperty("duration", out var d) && d.TryGetInt32(out var seconds) && seconds is > 0 and < 1_000_000) preview.DurationSeconds = seconds;
        var page = new Uri(preview.Url);
        // A player is taken only when it is a PeerTube embed on the page's own host; any other iframe is ignored.
        if (preview.Provider is null && Text("type") == "video" && Text("html") is { } html)
        {
            var src = new HtmlParser().ParseFragment(html, null!).OfType<AngleSharp.Dom.IElement>()
                .SelectMany(e => e.QuerySelectorAll("iframe").Prepend(e)).FirstOrDefault(e => e.LocalName == "iframe")?.GetAttribute("src");
            if (src is not null && Uri.TryCreate(src, UriKind.Absolute, out var player) && player.Scheme == Uri.UriSchemeHttps
                && player.Host.Equals(page.Host, StringComparison.OrdinalIgnoreCase)
                && System.Text.RegularExpressions.Regex.IsMatch(player.AbsolutePath, "^/videos/embed/[A-Za-z0-9-]+$"))
            {
                preview.Provider = "PeerTube";
                preview.PlayerUrl = player.GetLeftPart(UriPartial.Path);
            }
        }
        return SafeHttpUrl(Text("thumbnail_url"), page);
    }

    private async Task StoreThumbnailAsync(LinkPreview preview, string url, CancellationToken ct)
    {
        try
        {
            var image = await fetcher.GetAsync(url, ct);
            if ((int)image.Status is < 200 or > 299 || FileSniffer.RasterImageType(image.Body) is null) return;
            var clean = ImageCleaner.Clean(image.Body, fileOptions.Value);
            var key = StorageKeys.New() + "-thumb";
            await storage.SaveAsync(key, new MemoryStream(clean.Thumbnail), "image/webp", ct);
            preview.ThumbnailKey = key;
        }
        catch (Exception e) when (e is FetchRefusedException or HttpRequestException or ImageRejectedException or TaskCanceledException)
        {
            log.LogInformation("No thumbnail for {Url}: {Reason}", preview.Url, e.Message);
        }
    }

    /// <summary>An absolute http(s) address (relative ones resolved against the page), or null for anything else.</summary>
    private static string? SafeHttpUrl(string? value, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > LinkPreview.MaxUrlLength) return null;
        if (!Uri.TryCreate(baseUrl, value.Trim(), out var uri)) return null;
        return (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.UserInfo) ? uri.AbsoluteUri : null;
    }

    /// <summary>Text only, without control characters, whitespace collapsed, cut to size.</summary>
    private static string? Clip(string? value, int max)
    {
        if (value is null) return null;
        var text = string.Join(' ', new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0) return null;
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
