using System.Globalization;
using Foyer.Data;
using Foyer.Data.Files;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Infrastructure.Files;

/// <summary>The files a form brings along: those kept from an earlier attempt and those uploaded now, or why not.</summary>
public sealed record FileIntakeResult(IReadOnlyList<StoredFile> Files, int? Status = null, string? Error = null)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Takes files from a form. New uploads are checked (count, size, what the bytes really are), images are cleaned,
/// and everything is stored at once as "pending" for the uploader alone, so a preview or a rejected form does not
/// lose them: the form carries their ids back ("KeepFiles"). Saving the item attaches them.
/// </summary>
public sealed class FileIntake(FoyerDbContext db, IFileStorage storage, IOptions<FileOptions> options, TimeProvider time,
    ITokenGenerator tokens, IStringLocalizer<SharedResource> t, ILogger<FileIntake> log)
{
    public const string UploadField = "Files";
    public const string KeepField = "KeepFiles";

    /// <param name="alreadyAttached">Files the item has from before (a wiki page being edited), which count against the limit.</param>
    public async Task<FileIntakeResult> AcceptAsync(Viewer viewer, HttpRequest request, int alreadyAttached = 0, CancellationToken cancellationToken = default)
    {
        var keep = request.HasFormContentType ? request.Form[KeepField].OfType<string>().Distinct().Take(100).ToList() : [];
        var uploads = request.HasFormContentType ? request.Form.Files.Where(f => f.Name == UploadField && (f.Length > 0 || f.FileName.Length > 0)).ToList() : [];
        var kept = keep.Count == 0 ? [] : await db.Files
            .Where(f => keep.Contains(f.PublicId) && f.UploadedById == viewer.UserId && f.OwnerKind == FileOwnerKind.Pending)
            .OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var incoming = uploads.Select(u => new IncomingFile(u.FileName, u.Length, async ct =>
        {
            await using var input = u.OpenReadStream();
            using var buffer = new MemoryStream((int)u.Length);
            await input.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        })).ToList();
        return await StoreAsync(viewer, incoming, kept, alreadyAttached, cancellationToken);
    }

    /// <summary>A file on its way in: from a form, or an attachment of a mail.</summary>
    public sealed record IncomingFile(string? Name, long Length, Func<CancellationToken, Task<byte[]>> ReadAsync);

    /// <summary>Checks and stores new files as pending for the uploader (see <see cref="AcceptAsync"/>); used for mail attachments too.</summary>
    public async Task<FileIntakeResult> StoreAsync(Viewer viewer, IReadOnlyList<IncomingFile> uploads, IReadOnlyList<StoredFile> kept,
        int alreadyAttached = 0, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        if (uploads.Count == 0) return new FileIntakeResult(kept);
        if (viewer.IsAnonymous) return new FileIntakeResult(kept, 403, t["Sign in to attach files."]);

        if (alreadyAttached + kept.Count + uploads.Count > limits.MaxFilesPerItem)
        {
            return new FileIntakeResult(kept, 413, t["Too many files: at most {0} can be attached to one item.", limits.MaxFilesPerItem]);
        }
        foreach (var upload in uploads)
        {
            if (upload.Length == 0) return new FileIntakeResult(kept, 400, t["The file {0} is empty.", CleanName(upload.Name)]);
            if (upload.Length > limits.MaxBytes)
            {
                return new FileIntakeResult(kept, 413, t["The file {0} is too large: {1}, at most {2} are allowed.", CleanName(upload.Name),
                    FormatSize(upload.Length), FormatSize(limits.MaxBytes)]);
            }
        }

        var added = new List<StoredFile>();
        foreach (var upload in uploads)
        {
            var name = CleanName(upload.Name);
            var data = await upload.ReadAsync(cancellationToken);
            var file = new StoredFile
            {
                PublicId = tokens.NewToken()[..32], UploadedById = viewer.UserId, CreatedAt = time.GetUtcNow().UtcDateTime,
                FileName = name, OwnerKind = FileOwnerKind.Pending, StorageKey = StorageKeys.New(),
            };
            if (FileSniffer.RasterImageType(data) is not null)
            {
                CleanImage clean;
                try
                {
                    clean = ImageCleaner.Clean(data, limits);
                }
                catch (ImageRejectedException e)
                {
                    await RemoveAsync(added, cancellationToken);
                    return new FileIntakeResult(kept, 422, e.Reason == "too-large"
                        ? t["The image {0} is too large: at most {1} megapixels are allowed.", name, limits.MaxImagePixels / 1_000_000]
                        : t["The image {0} could not be read. Is it damaged?", name]);
                }
                file.ContentType = clean.ContentType;
                file.Length = clean.Bytes.Length;
                file.Width = clean.Width;
                file.Height = clean.Height;
                file.ThumbnailKey = file.StorageKey + "-thumb";
                file.FileName = WithExtension(name, clean.ContentType);
                await storage.SaveAsync(file.StorageKey, new MemoryStream(clean.Bytes), clean.ContentType, cancellationToken);
                await storage.SaveAsync(file.ThumbnailKey, new MemoryStream(clean.Thumbnail), "image/webp", cancellationToken);
            }
            else
            {
                file.ContentType = FileSniffer.DownloadType(data);
                file.Length = data.Length;
                await storage.SaveAsync(file.StorageKey, new MemoryStream(data), file.ContentType, cancellationToken);
            }
            added.Add(file);
        }
        db.Files.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        log.LogInformation("User {User} uploaded {Count} file(s)", viewer.UserId, added.Count);
        return new FileIntakeResult([.. kept, .. added]);
    }

    /// <summary>The files attached to one item, oldest first.</summary>
    public static async Task<IReadOnlyList<StoredFile>> OfAsync(FoyerDbContext db, FileOwnerKind kind, long ownerId) =>
        await db.Files.AsNoTracking().Where(f => f.OwnerKind == kind && f.OwnerId == ownerId).OrderBy(f => f.Id).ToListAsync();

    /// <summary>
    /// Attaches pending files to the saved item (an update of those rows only, inside the caller's transaction if
    /// there is one). Only files still pending and uploaded by the same person move.
    /// </summary>
    public static async Task AttachAsync(FoyerDbContext db, IReadOnlyList<StoredFile> files, FileOwnerKind kind, long ownerId)
    {
        if (files.Count == 0) return;
        var ids = files.Select(f => f.Id).ToList();
        var uploader = files[0].UploadedById;
        await db.Files.Where(f => ids.Contains(f.Id) && f.OwnerKind == FileOwnerKind.Pending && f.UploadedById == uploader)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.OwnerKind, kind).SetProperty(f => f.OwnerId, (long?)ownerId));
        foreach (var file in files)
        {
            file.OwnerKind = kind;
            file.OwnerId = ownerId;
        }
        // Attached by an update the change tracker does not see: the file names become findable with their owner.
        await Features.Search.SearchQueue.For(db).WriteAsync(db, files.Select(f => new Features.Search.SearchChange(Foyer.Data.Search.SearchKind.File, f.Id, Gone: false)), CancellationToken.None);
    }

    private async Task RemoveAsync(IEnumerable<StoredFile> files, CancellationToken cancellationToken)
    {
        foreach (var f in files)
        {
            await storage.DeleteAsync(f.StorageKey, cancellationToken);
            if (f.ThumbnailKey is not null) await storage.DeleteAsync(f.ThumbnailKey, cancellationToken);
        }
    }

    /// <summary>The last part of the name only, without control characters or characters that upset headers, at most 200 long.</summary>
    public static string CleanName(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or '*' or '?' or ':')).ToArray()).Trim().Trim('.');
        if (name.Length == 0) name = "file";
        if (name.Length > StoredFile.MaxFileNameLength)
        {
            var ext = Path.GetExtension(name);
            name = name[..(StoredFile.MaxFileNameLength - Math.Min(ext.Length, 20))] + ext[..Math.Min(ext.Length, 20)];
        }
        return name;
    }

    /// <summary>An image keeps its name, with the extension of what it is now (a cleaned GIF is a PNG).</summary>
    private static string WithExtension(string name, string contentType)
    {
        var ext = contentType switch { "image/jpeg" => ".jpg", "image/png" => ".png", "image/webp" => ".webp", _ => "" };
        var current = Path.GetExtension(name).ToLowerInvariant();
        if (current == ext || ext == ".jpg" && current == ".jpeg") return name;
        var stem = Path.GetFileNameWithoutExtension(name);
        return (stem.Length == 0 ? "image" : stem) + ext;
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.CurrentCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " MB",
    };
}
