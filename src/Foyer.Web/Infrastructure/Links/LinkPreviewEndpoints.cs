using Foyer.Data;
using Foyer.Data.Links;
using Foyer.Web.Infrastructure.Files;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Infrastructure.Links;

/// <summary>
/// A link's snapshot as JSON, for site.js to fill in the card or the embed. The first request for a link queues its
/// fetch (202 until it is done); later ones are answered from the database, also when the provider is long gone.
/// </summary>
public static class LinkPreviewEndpoints
{
    /// <summary>Markup characters in provider texts go out escaped (\u003C), whatever reads the answer.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default,
    };

    public static IEndpointRouteBuilder MapLinkPreviews(this IEndpointRouteBuilder app)
    {
        // Public blog articles have embeds too; the token proves Foyer rendered the link into some content.
        app.MapGet("/previews/{token}", GetAsync).AllowAnonymous();
        app.MapGet("/previews/{token}/thumbnail", ThumbnailAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> GetAsync(string token, LinkPreviewTokens tokens, FoyerDbContext db, TimeProvider time, OutboxSignal signal,
        HttpContext context)
    {
        var url = tokens.UrlOf(token);
        if (url is null || url.Length > LinkPreview.MaxUrlLength) return Results.NotFound();
        var hash = LinkPreviewTokens.Hash(url);
        var preview = await db.LinkPreviews.AsNoTracking().FirstOrDefaultAsync(p => p.UrlHash == hash);
        if (preview is null)
        {
            var now = time.GetUtcNow().UtcDateTime;
            db.LinkPreviews.Add(new LinkPreview { Url = url, UrlHash = hash, CreatedAt = now });
            OutboxQueue.Enqueue(db, LinkPreviewFetcher.TopicName, url, now);
            try
            {
                await db.SaveChangesAsync();
                signal.Notify();
            }
            catch (DbUpdateException)
            {
                // Someone asked at the same moment; their request queued the fetch.
            }
            return Pending(context);
        }
        if (preview.Status == LinkPreviewStatus.Pending) return Pending(context);
        context.Response.Headers.CacheControl = "private, max-age=300";
        if (preview.Status == LinkPreviewStatus.Failed) return Results.Json(new { status = "failed" }, Json);
        return Results.Json(new
        {
            status = "ready",
            provider = preview.Provider,
            title = preview.Title,
            author = preview.AuthorName,
            description = preview.Description,
            site = preview.SiteName,
            duration = preview.DurationSeconds,
            canonical = preview.CanonicalUrl,
            player = preview.PlayerUrl,
            thumbnail = preview.ThumbnailKey is null ? null : $"/previews/{token}/thumbnail",
        }, Json);
    }

    private static IResult Pending(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { status = "pending" }, Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ThumbnailAsync(string token, LinkPreviewTokens tokens, FoyerDbContext db, IFileStorage storage, HttpContext context)
    {
        var url = tokens.UrlOf(token);
        if (url is null) return Results.NotFound();
        var hash = LinkPreviewTokens.Hash(url);
        var key = await db.LinkPreviews.AsNoTracking().Where(p => p.UrlHash == hash).Select(p => p.ThumbnailKey).FirstOrDefaultAsync();
        if (key is null || await storage.OpenReadAsync(key, context.RequestAborted) is not { } stream) return Results.NotFound();
        context.Response.Headers.CacheControl = "private, max-age=86400";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.Stream(stream, "image/webp");
    }
}
