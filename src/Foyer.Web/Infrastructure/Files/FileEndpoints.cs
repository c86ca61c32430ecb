using Foyer.Data;
using Foyer.Data.Files;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Foyer.Web.Infrastructure.Files;

/// <summary>Who may read a file: whoever may read what it is attached to, asked of the audience filter on every request.</summary>
public static class FilePermissions
{
    public static async Task<bool> CanReadAsync(FoyerDbContext db, Viewer viewer, StoredFile file, DateTime now)
    {
        var id = file.OwnerId ?? 0;
        return file.OwnerKind switch
        {
            FileOwnerKind.Pending => !viewer.IsAnonymous && file.UploadedById == viewer.UserId,
            FileOwnerKind.Post => await db.Posts.VisibleTo(viewer).AnyAsync(p => p.Id == id),
            FileOwnerKind.Comment => await db.Comments.VisibleTo(viewer).AnyAsync(c => c.Id == id),
            FileOwnerKind.WikiPage => await db.WikiPages.VisibleTo(viewer).AnyAsync(p => p.Id == id),
            FileOwnerKind.Article => await db.Articles.VisibleTo(viewer, now).AnyAsync(a => a.Id == id),
            _ => false,
        };
    }

    /// <summary>Images shown in the page; every other type is only ever offered as a download.</summary>
    public static bool ShownInline(string contentType) => contentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp";

    public static string Url(StoredFile file) => $"/files/{file.PublicId}/{Uri.EscapeDataString(file.FileName)}";
    public static string ThumbnailUrl(StoredFile file) => $"/files/{file.PublicId}/thumbnail";
}

public static class FileEndpoints
{
    public static IEndpointRouteBuilder MapFoyerFiles(this IEndpointRouteBuilder app)
    {
        // Anonymous readers may fetch the files of public blog articles; FileAccess decides for every request.
        app.MapGet("/files/{publicId}/thumbnail", (HttpContext context, string publicId, FoyerDbContext db, CurrentViewer viewer, IFileStorage storage, TimeProvider time) =>
            ServeAsync(context, publicId, thumbnail: true, db, viewer, storage, time)).AllowAnonymous();
        app.MapGet("/files/{publicId}/{name}", (HttpContext context, string publicId, FoyerDbContext db, CurrentViewer viewer, IFileStorage storage, TimeProvider time) =>
            ServeAsync(context, publicId, thumbnail: false, db, viewer, storage, time)).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, string publicId, bool thumbnail, FoyerDbContext db, CurrentViewer current,
        IFileStorage storage, TimeProvider time)
    {
        var file = publicId.Length is > 0 and <= 40 ? await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.PublicId == publicId) : null;
        var viewer = await current.GetAsync();
        // The same 404 for "no such file" and "not yours to see": the URL alone tells an outsider nothing.
        if (file is null || !await FilePermissions.CanReadAsync(db, viewer, file, time.GetUtcNow().UtcDateTime)) return Results.NotFound();
        var key = thumbnail ? file.ThumbnailKey : file.StorageKey;
        if (key is null) return Results.NotFound();
        var stream = await storage.OpenReadAsync(key, context.RequestAborted);
        if (stream is null) return Results.NotFound();

        var headers = context.Response.Headers;
        var type = thumbnail ? "image/webp" : file.ContentType;
        var inline = FilePermissions.ShownInline(type);
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        // Even opened directly, a file is a document with no script, no plugins, no requests of its own.
        headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
        headers.CacheControl = "private, max-age=3600";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        return Results.Stream(stream, type, enableRangeProcessing: !thumbnail);
    }
}
