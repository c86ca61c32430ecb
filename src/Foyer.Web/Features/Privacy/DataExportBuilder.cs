using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Foyer.Data;
using Foyer.Data.Privacy;
using Foyer.Web.Infrastructure.Files;
using Foyer.Web.Infrastructure.Localization;
using Foyer.Web.Infrastructure.Mail;
using Foyer.Web.Infrastructure.Outbox;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Privacy;

/// <summary>
/// Writes a person's data export (GDPR Art. 15 and 20): a ZIP with JSON for machines (schema in SCHEMA.md inside) and
/// Markdown for people, plus the files they uploaded. Runs in the background with progress; a mail says when it is ready.
/// Only what the person wrote or set is in it, never other people's names or texts.
/// </summary>
public sealed class DataExportBuilder(FoyerDbContext db, IFileStorage storage, IOptions<MailOptions> mail, OrganisationState organisation,
    IStringLocalizer<SharedResource> t, TimeProvider time, ILogger<DataExportBuilder> log) : IOutboxHandler
{
    public const string Topic = "privacy.export";
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(), new UtcDateTimeConverter() },
    };

    /// <summary>Foyer stores UTC; SQLite gives the times back without their kind, so they are written with their "Z".</summary>
    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }

    string IOutboxHandler.Topic => Topic;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var id = long.Parse(payload, CultureInfo.InvariantCulture);
        var export = await db.DataExports.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (export is null || export.State is DataExportState.Ready or DataExportState.Expired or DataExportState.Failed) return;
        await SetAsync(id, s => s.SetProperty(e => e.State, DataExportState.Running).SetProperty(e => e.Progress, 0), cancellationToken);
        var temp = Path.Combine(Path.GetTempPath(), $"foyer-export-{id}-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, System.IO.FileOptions.Asynchronous))
            {
                using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
                await WriteAsync(zip, export.UserId, id, cancellationToken);
            }
            var key = StorageKeys.New();
            long size;
            await using (var read = File.OpenRead(temp))
            {
                size = read.Length;
                await storage.SaveAsync(key, read, "application/zip", cancellationToken);
            }
            var now = time.GetUtcNow().UtcDateTime;
            var stored = await db.DataExports.Where(e => e.Id == id && e.State == DataExportState.Running).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, DataExportState.Ready).SetProperty(e => e.Progress, 100).SetProperty(e => e.StorageKey, key)
                .SetProperty(e => e.SizeBytes, size).SetProperty(e => e.CompletedAt, now).SetProperty(e => e.ExpiresAt, now + KeptFor), cancellationToken);
            if (stored == 0)
            {
                // The export was withdrawn meanwhile (the account was deleted): its archive must not stay behind.
                await storage.DeleteAsync(key, cancellationToken);
                return;
            }
            await MailReadyAsync(export, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Data export {Export} failed", id);
            await SetAsync(id, s => s.SetProperty(x => x.State, DataExportState.Failed).SetProperty(x => x.Error, "The export could not be written."), CancellationToken.None);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private Task<int> SetAsync(long id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<DataExport>> set, CancellationToken ct) =>
        db.DataExports.Where(e => e.Id == id).ExecuteUpdateAsync(set, ct);

    private async Task MailReadyAsync(DataExport export, DateTime now, CancellationToken ct)
    {
        // The archive is the person's: the mail goes to them, also when an admin asked on their behalf.
        var to = await db.Users.AsNoTracking().Where(u => u.Id == export.UserId && u.DeletedAt == null)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.Language }).FirstOrDefaultAsync(ct);
        if (to?.Email is null) return;
        using var language = LanguageScope.Use(string.IsNullOrEmpty(to.Language) ? organisation.DefaultLanguage : to.Language);
        var link = $"{mail.Value.BaseUrl.TrimEnd('/')}/me/data";
        await SystemMail.QueueAsync(db, mail.Value, to.Id, to.DisplayName, to.Email, t["Your data export from {0} is ready", organisation.Name],
            t["The data export you asked for is ready. Download it within 7 days here (you will need to log in): {0}", link],
            string.Create(CultureInfo.InvariantCulture, $"export:{export.Id}"), now, ct);
    }

    private async Task WriteAsync(ZipArchive zip, long userId, long exportId, CancellationToken ct)
    {
        var sections = new List<(string Name, Func<Task> Write)>
        {
            ("profile", () => ProfileAsync(zip, userId, ct)),
            ("posts", () => PostsAsync(zip, userId, ct)),
            ("comments", () => CommentsAsync(zip, userId, ct)),
            ("wiki", () => WikiAsync(zip, userId, ct)),
            ("articles", () => ArticlesAsync(zip, userId, ct)),
            ("reactions", () => ReactionsAsync(zip, userId, ct)),
            ("files", () => FilesAsync(zip, userId, ct)),
        };
        await TextAsync(zip, "README.md", ExportSchema.Readme(organisation.Name, time.GetUtcNow().UtcDateTime));
        await TextAsync(zip, "SCHEMA.md", ExportSchema.Markdown);
        for (var i = 0; i < sections.Count; i++)
        {
            await sections[i].Write();
            var progress = (i + 1) * 95 / sections.Count;
            await SetAsync(exportId, s => s.SetProperty(e => e.Progress, progress), ct);
        }
    }

    private async Task ProfileAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().FirstAsync(x => x.Id == userId, ct);
        await JsonAsync(zip, "data/profile.json", new
        {
            u.Id, u.Handle, u.DisplayName, u.Email, u.Bio, Role = u.Role.ToString(), u.Language, u.CreatedAt, u.DeactivatedAt,
            Settings = new { EmailFrequency = u.EmailFrequency.ToString(), AutoLoadEmbeds = u.AutoLoadEmbeds.Split(' ', StringSplitOptions.RemoveEmptyEntries), u.DismissedTips, u.TourDismissedAt },
        });
        var memberships = await db.SpaceMemberships.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { SpaceId = m.SpaceId, Space = m.Space!.Name, Role = m.Role.ToString(), m.JoinedAt }).ToListAsync(ct);
        await JsonAsync(zip, "data/memberships.json", memberships);
        var created = await db.Spaces.AsNoTracking().Where(x => x.CreatedById == userId)
            .Select(x => new { x.Id, x.Name, x.Description, Visibility = x.Visibility.ToString(), x.CreatedAt }).ToListAsync(ct);
        var requests = await db.SpaceJoinRequests.AsNoTracking().Where(r => r.UserId == userId)
            .Select(r => new { r.SpaceId, Space = r.Space!.Name, r.Message, r.CreatedAt }).ToListAsync(ct);
        await JsonAsync(zip, "data/spaces.json", new { Created = created, JoinRequests = requests });
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.UserId == userId)
            .Select(s => new { s.SpaceId, s.PostId, Mode = s.Mode.ToString(), s.CreatedAt }).ToListAsync(ct);
        var watches = await db.WikiWatches.AsNoTracking().Where(w => w.UserId == userId).Select(w => new { w.PageId, w.CreatedAt }).ToListAsync(ct);
        await JsonAsync(zip, "data/notification-preferences.json", new { EmailFrequency = u.EmailFrequency.ToString(), Subscriptions = subscriptions, WatchedWikiPages = watches });
        var md = new StringBuilder().Append("# ").Append(u.DisplayName).Append("\n\n")
            .Append("- @").Append(u.Handle).Append('\n').Append("- ").Append(u.Email).Append('\n')
            .Append("- ").Append(u.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\n\n").Append(u.Bio).Append('\n');
        await TextAsync(zip, "profile.md", md.ToString());
    }

    private async Task PostsAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var posts = await db.Posts.AsNoTracking().Where(p => p.AuthorId == userId && p.Kind == Data.Stream.PostKind.Regular).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.SpaceId, Space = p.Space!.Name, p.CreatedAt, p.EditedAt, p.DeletedAt, p.Markdown, p.Html }).ToListAsync(ct);
        var ids = posts.Select(p => p.Id).ToList();
        var revisions = new List<object>();
        foreach (var chunk in ids.Chunk(500))
        {
            revisions.AddRange(await db.PostRevisions.AsNoTracking().Where(r => chunk.Contains(r.PostId) && r.EditorId == userId).OrderBy(r => r.Id)
                .Select(r => new { r.PostId, r.Version, r.CreatedAt, r.Markdown }).ToListAsync(ct));
        }
        await JsonAsync(zip, "data/posts.json", new { Posts = posts, Revisions = revisions });
        foreach (var p in posts)
        {
            await TextAsync(zip, $"markdown/posts/{p.CreatedAt:yyyy-MM-dd}-{p.Id}.md",
                $"---\nspace: {Yaml(p.Space)}\ncreated: {p.CreatedAt:O}\n{(p.DeletedAt is null ? "" : $"deleted: {p.DeletedAt:O}\n")}---\n\n{p.Markdown}\n");
        }
    }

    private async Task CommentsAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var comments = await db.Comments.AsNoTracking().Where(c => c.AuthorId == userId).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.PostId, c.Number, c.ParentId, c.CreatedAt, c.EditedAt, c.DeletedAt, c.Markdown }).ToListAsync(ct);
        await JsonAsync(zip, "data/comments.json", comments);
        // Also what they wrote as a guest, with the address of their account, before or besides logging in.
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email ?? "").FirstAsync(ct);
        string[] spellings = [email, email.ToLowerInvariant(), email.ToUpperInvariant()];
        var articleComments = await db.ArticleComments.AsNoTracking().Where(c => c.AuthorId == userId || (email != "" && spellings.Contains(c.GuestEmail))).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.ArticleId, Article = c.Article!.Title, c.Number, c.CreatedAt, c.EditedAt, Status = c.Status.ToString(), c.Markdown }).ToListAsync(ct);
        await JsonAsync(zip, "data/blog-comments.json", articleComments);
        var md = new StringBuilder("# Comments\n\n");
        foreach (var c in comments) md.Append("## ").Append(c.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" (post ").Append(c.PostId).Append(")\n\n").Append(c.Markdown).Append("\n\n");
        foreach (var c in articleComments) md.Append("## ").Append(c.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" (").Append(c.Article).Append(")\n\n").Append(c.Markdown).Append("\n\n");
        await TextAsync(zip, "markdown/comments.md", md.ToString());
    }

    private async Task WikiAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var revisions = await db.WikiRevisions.AsNoTracking().Where(r => r.AuthorId == userId).OrderBy(r => r.Id)
            .Join(db.WikiPages, r => r.PageId, p => p.Id, (r, p) => new { r.PageId, p.Slug, Space = p.Space!.Name, r.Version, r.Title, r.Summary, r.CreatedAt, r.Markdown })
            .ToListAsync(ct);
        await JsonAsync(zip, "data/wiki-revisions.json", revisions);
        foreach (var r in revisions)
        {
            await TextAsync(zip, $"markdown/wiki/{r.PageId}-{r.Slug}-v{r.Version}.md",
                $"---\ntitle: {Yaml(r.Title)}\nspace: {Yaml(r.Space)}\nversion: {r.Version}\ncreated: {r.CreatedAt:O}\nsummary: {Yaml(r.Summary)}\n---\n\n{r.Markdown}\n");
        }
    }

    private async Task ArticlesAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var articles = await db.Articles.AsNoTracking().Where(a => a.AuthorId == userId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Title, a.Slug, Status = a.Status.ToString(), Audience = a.Audience.ToString(), a.PublishAt, a.CreatedAt, a.UpdatedAt, a.Excerpt, a.Markdown })
            .ToListAsync(ct);
        await JsonAsync(zip, "data/articles.json", articles);
        foreach (var a in articles)
        {
            await TextAsync(zip, $"markdown/articles/{a.Id}-{a.Slug}.md", $"---\ntitle: {Yaml(a.Title)}\nstatus: {a.Status}\ncreated: {a.CreatedAt:O}\n---\n\n# {a.Title}\n\n{a.Markdown}\n");
        }
    }

    private async Task ReactionsAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var reactions = await db.Reactions.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Id)
            .Select(r => new { On = r.TargetType.ToString(), r.TargetId, r.Kind, r.CreatedAt }).ToListAsync(ct);
        await JsonAsync(zip, "data/reactions.json", reactions);
    }

    private async Task FilesAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var files = await db.Files.AsNoTracking().Where(f => f.UploadedById == userId).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.FileName, f.ContentType, f.Length, f.CreatedAt, AttachedTo = f.OwnerKind.ToString(), f.OwnerId, f.StorageKey }).ToListAsync(ct);
        var listed = new List<object>();
        foreach (var f in files)
        {
            var path = $"files/{f.Id}-{SafeName(f.FileName)}";
            await using var content = await storage.OpenReadAsync(f.StorageKey, ct);
            if (content is not null)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                await using var target = await entry.OpenAsync(ct);
                await content.CopyToAsync(target, ct);
            }
            listed.Add(new { f.Id, f.FileName, f.ContentType, f.Length, f.CreatedAt, f.AttachedTo, f.OwnerId, Path = content is null ? null : path });
        }
        await JsonAsync(zip, "data/files.json", listed);
    }

    private static string SafeName(string name)
    {
        var clean = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return clean.Length > 100 ? clean[^100..] : clean;
    }

    private static string Yaml(string value) => JsonSerializer.Serialize(value, Json);

    private static async Task JsonAsync(ZipArchive zip, string path, object value)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync();
        await JsonSerializer.SerializeAsync(stream, value, Json);
    }

    private static async Task TextAsync(ZipArchive zip, string path, string text)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }
}
