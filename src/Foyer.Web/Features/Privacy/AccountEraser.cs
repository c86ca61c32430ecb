using System.Globalization;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Files;
using Foyer.Data.Mail;
using Foyer.Data.Privacy;
using Foyer.Data.Search;
using Foyer.Data.Stream;
using Foyer.Web.Features.Search;
using Foyer.Web.Infrastructure.Files;
using Foyer.Web.Infrastructure.Localization;
using Foyer.Web.Infrastructure.Outbox;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MimeKit;

namespace Foyer.Web.Features.Privacy;

public enum ErasureMode
{
    /// <summary>Posts, comments, articles and reactions go; shared wiki pages keep their text without the name.</summary>
    EraseContent = 0,
    /// <summary>Everything written stays, signed "former member".</summary>
    KeepAnonymised = 1,
}

/// <summary>
/// Deletes an account (GDPR Art. 17) in one transaction: the account row keeps only its id (so what stays can say
/// "former member"); the name, @handle and address are cleaned out of every content column (<see cref="NameScrubber"/>),
/// out of mails waiting to go and mail originals kept as files; search documents that held them are taken out of the
/// index and queued to be written again from the cleaned text. Stored bytes are deleted only after the commit. A failure
/// rolls everything back and the outbox tries again.
/// </summary>
public sealed class AccountEraser(FoyerDbContext db, IFileStorage storage, OrganisationState organisation,
    IStringLocalizer<SharedResource> t, TimeProvider time, ILogger<AccountEraser> log) : IOutboxHandler
{
    public const string Topic = "privacy.erase";

    string IOutboxHandler.Topic => Topic;

    public static string Payload(long userId, ErasureMode mode) => string.Create(CultureInfo.InvariantCulture, $"{userId}:{mode}");

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        await EraseAsync(long.Parse(parts[0], CultureInfo.InvariantCulture), Enum.Parse<ErasureMode>(parts[1]), cancellationToken);
    }

    public async Task EraseAsync(long userId, ErasureMode mode, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.DeletedAt is not null) return;
        var formerName = Localized("Former member");
        var scrubber = new NameScrubber(user, formerName);
        var keys = new List<string>();
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (sqlite) await SecureDeletesAsync(ct);
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (mode == ErasureMode.EraseContent) await EraseContentAsync(userId, keys, ct);
                await RemovePersonalRowsAsync(user, keys, ct);
                await ForgetMailsAsync(scrubber, keys, ct);
                await ForgetSearchAsync(user, scrubber, ct);
                await scrubber.ScrubAsync(db, userId, ct);
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.DisplayName, formerName).SetProperty(u => u.Handle, "former-" + userId.ToString(CultureInfo.InvariantCulture))
                    .SetProperty(u => u.UserName, "deleted-" + userId.ToString(CultureInfo.InvariantCulture))
                    .SetProperty(u => u.NormalizedUserName, "DELETED-" + userId.ToString(CultureInfo.InvariantCulture))
                    .SetProperty(u => u.Email, (string?)null).SetProperty(u => u.NormalizedEmail, (string?)null).SetProperty(u => u.EmailConfirmed, false)
                    .SetProperty(u => u.PasswordHash, (string?)null).SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N"))
                    .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString("N")).SetProperty(u => u.PhoneNumber, (string?)null)
                    .SetProperty(u => u.Bio, "").SetProperty(u => u.Language, "").SetProperty(u => u.AutoLoadEmbeds, "").SetProperty(u => u.DismissedTips, "")
                    .SetProperty(u => u.DeactivatedAt, u => u.DeactivatedAt ?? now).SetProperty(u => u.DeletedAt, now), ct);
                AuditLog.Record(db, null, AuditAction.AccountDeleted, AuditLog.User(userId), $"mode={mode}", now);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            await ContentRemoval.DeleteStoredAsync(storage, keys, log);
            // The write-ahead log would keep old pages until the next checkpoint.
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        log.LogInformation("Account {User} was deleted ({Mode})", userId, mode);
    }

    private string Localized(string key)
    {
        using var language = LanguageScope.Use(organisation.DefaultLanguage);
        return t[key];
    }

    /// <summary>
    /// SQLite overwrites deleted rows on disk (secure_delete), and the full-text indexes remove deleted terms from their
    /// segments at once instead of keeping them until the next merge (FTS5 'secure-delete', a lasting setting).
    /// </summary>
    private async Task SecureDeletesAsync(CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"SearchFts\" (\"SearchFts\", rank) VALUES ('secure-delete', 1);", ct);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"SearchTermsTrigram\" (\"SearchTermsTrigram\", rank) VALUES ('secure-delete', 1);", ct);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"SearchTitleFts\" (\"SearchTitleFts\", rank) VALUES ('secure-delete', 1);", ct);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            log.LogWarning(e, "The SQLite library cannot securely delete from the full-text indexes");
        }
    }

    private async Task EraseContentAsync(long userId, List<string> keys, CancellationToken ct)
    {
        var reactedPosts = await db.Reactions.Where(r => r.UserId == userId && r.TargetType == ReactionTarget.Post).Select(r => r.TargetId).ToListAsync(ct);
        var reactedComments = await db.Reactions.Where(r => r.UserId == userId && r.TargetType == ReactionTarget.Comment).Select(r => r.TargetId).ToListAsync(ct);
        await db.Reactions.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        foreach (var chunk in reactedPosts.Chunk(500))
        {
            await db.Posts.Where(p => chunk.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReactionCount,
                p => db.Reactions.Count(r => r.TargetType == ReactionTarget.Post && r.TargetId == p.Id)), ct);
        }
        foreach (var chunk in reactedComments.Chunk(500))
        {
            await db.Comments.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReactionCount,
                c => db.Reactions.Count(r => r.TargetType == ReactionTarget.Comment && r.TargetId == c.Id)), ct);
        }
        var comments = await db.Comments.Where(c => c.AuthorId == userId).Select(c => c.Id).ToListAsync(ct);
        await ContentRemoval.DeleteCommentsAsync(db, keys, comments, ct);
        // A post others answered stays as a visible, empty shell ("removed by its author"), so their comments keep
        // their thread; the rest goes.
        var posts = await db.Posts.Where(p => p.AuthorId == userId)
            .Select(p => new { p.Id, Answered = db.Comments.Any(c => c.PostId == p.Id) }).ToListAsync(ct);
        await ContentRemoval.DeletePostsAsync(db, keys, posts.Where(p => !p.Answered).Select(p => p.Id).ToList(), ct);
        var removed = Localized("(removed by its author)");
        var html = "<p><em>" + System.Net.WebUtility.HtmlEncode(removed) + "</em></p>";
        foreach (var chunk in posts.Where(p => p.Answered).Select(p => p.Id).Chunk(500))
        {
            await db.PostRevisions.Where(r => chunk.Contains(r.PostId)).ExecuteDeleteAsync(ct);
            await db.PostTags.Where(x => chunk.Contains(x.PostId)).ExecuteDeleteAsync(ct);
            await db.Mentions.Where(m => chunk.Contains(m.PostId) && m.CommentId == null).ExecuteDeleteAsync(ct);
            await ContentRemoval.DeleteFilesAsync(db, keys, FileOwnerKind.Post, chunk, ct);
            await db.Posts.Where(p => chunk.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Markdown, "_" + removed + "_").SetProperty(p => p.Html, html)
                .SetProperty(p => p.PlainText, removed).SetProperty(p => p.AttachmentCount, 0), ct);
            await SearchQueue.For(db).WriteAsync(db, chunk.Select(id => new SearchChange(SearchKind.Post, id, Gone: true)), ct);
        }
        var articleComments = await db.ArticleComments.Where(c => c.AuthorId == userId).Select(c => c.Id).ToListAsync(ct);
        await DeleteArticleCommentsAsync(articleComments, ct);
        var articles = await db.Articles.Where(a => a.AuthorId == userId).Select(a => a.Id).ToListAsync(ct);
        foreach (var chunk in articles.Chunk(200))
        {
            var all = await db.ArticleComments.Where(c => chunk.Contains(c.ArticleId)).Select(c => c.Id).ToListAsync(ct);
            await DeleteArticleCommentsAsync(all, ct);
            await ContentRemoval.DeleteFilesAsync(db, keys, FileOwnerKind.Article, chunk, ct);
            await SearchQueue.For(db).WriteAsync(db, chunk.Select(id => new SearchChange(SearchKind.Article, id, Gone: true, Thread: true)), ct);
            await db.Articles.Where(a => chunk.Contains(a.Id)).ExecuteDeleteAsync(ct);
        }
        // Files that were still waiting for their form.
        var pending = await db.Files.Where(f => f.UploadedById == userId && f.OwnerKind == FileOwnerKind.Pending)
            .Select(f => new { f.Id, f.StorageKey, f.ThumbnailKey }).ToListAsync(ct);
        foreach (var f in pending)
        {
            keys.Add(f.StorageKey);
            if (f.ThumbnailKey is not null) keys.Add(f.ThumbnailKey);
        }
        var pendingIds = pending.Select(f => f.Id).ToList();
        await db.Files.Where(f => pendingIds.Contains(f.Id)).ExecuteDeleteAsync(ct);
    }

    private async Task DeleteArticleCommentsAsync(List<long> ids, CancellationToken ct)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await db.ArticleComments.Where(c => c.ParentId != null && chunk.Contains(c.ParentId.Value)).ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, (long?)null), ct);
            await SearchQueue.For(db).WriteAsync(db, chunk.Select(id => new SearchChange(SearchKind.ArticleComment, id, Gone: true)), ct);
            await db.ArticleComments.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>Rows that exist only because of the person: memberships, subscriptions, their notifications, mails to them, exports, sign-in data.</summary>
    private async Task RemovePersonalRowsAsync(User user, List<string> keys, CancellationToken ct)
    {
        var id = user.Id;
        await db.SpaceMemberships.Where(m => m.UserId == id).ExecuteDeleteAsync(ct);
        await db.SpaceJoinRequests.Where(r => r.UserId == id).ExecuteDeleteAsync(ct);
        await db.Subscriptions.Where(s => s.UserId == id).ExecuteDeleteAsync(ct);
        await db.WikiWatches.Where(w => w.UserId == id).ExecuteDeleteAsync(ct);
        await db.Notifications.Where(n => n.RecipientId == id).ExecuteDeleteAsync(ct);
        await db.OutgoingMails.Where(m => m.UserId == id).ExecuteDeleteAsync(ct);
        await db.Mentions.Where(m => m.UserId == id).ExecuteDeleteAsync(ct);
        await db.MailArrivals.Where(m => m.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.UserId, (long?)null), ct);
        keys.AddRange((await db.DataExports.Where(e => e.UserId == id || e.RequestedById == id).Select(e => e.StorageKey).ToListAsync(ct)).OfType<string>());
        await db.DataExports.Where(e => e.UserId == id || e.RequestedById == id).ExecuteDeleteAsync(ct);
        // Archives other people prepared may quote the name (a mention in their post): they are withdrawn; a new export
        // is one click away and is written from the cleaned data.
        keys.AddRange((await db.DataExports.Where(e => e.StorageKey != null).Select(e => e.StorageKey).ToListAsync(ct)).OfType<string>());
        await db.DataExports.Where(e => e.State == DataExportState.Ready).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.State, DataExportState.Expired).SetProperty(x => x.StorageKey, (string?)null), ct);
        await db.UserClaims.Where(c => c.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(x => x.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserRoles.Where(r => r.UserId == id).ExecuteDeleteAsync(ct);
        if (!string.IsNullOrEmpty(user.Email))
        {
            string[] spellings = [user.Email, user.Email.ToLowerInvariant(), user.Email.ToUpperInvariant()];
            await db.ArticleComments.Where(c => spellings.Contains(c.GuestEmail)).ExecuteUpdateAsync(s => s.SetProperty(c => c.GuestEmail, ""), ct);
        }
    }

    /// <summary>
    /// Mails: those waiting to be sent that name the person are not sent; sent ones keep their delivery record without
    /// the message (its encoded text cannot be searched reliably); mail originals kept as files (.eml) that name the
    /// person are deleted.
    /// </summary>
    private async Task ForgetMailsAsync(NameScrubber scrubber, List<string> keys, CancellationToken ct)
    {
        await db.OutgoingMails.Where(m => m.Status != OutgoingMailStatus.Pending && m.Mime != "").ExecuteUpdateAsync(s => s.SetProperty(m => m.Mime, ""), ct);
        var pending = await db.OutgoingMails.Where(m => m.Status == OutgoingMailStatus.Pending).Select(m => new { m.Id, m.Mime }).ToListAsync(ct);
        var doomed = new List<long>();
        foreach (var m in pending)
        {
            if (scrubber.Holds(m.Mime) || await MentionsAsync(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(m.Mime)), scrubber, ct)) doomed.Add(m.Id);
        }
        await db.OutgoingMails.Where(m => doomed.Contains(m.Id)).ExecuteDeleteAsync(ct);
        var originals = await db.Files.Where(f => f.ContentType == "message/rfc822" || f.FileName.EndsWith(".eml"))
            .Select(f => new { f.Id, f.StorageKey, f.FileName }).ToListAsync(ct);
        var gone = new List<long>();
        foreach (var f in originals)
        {
            await using var stream = await storage.OpenReadAsync(f.StorageKey, ct);
            if (stream is null) continue;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            copy.Position = 0;
            if (await MentionsAsync(copy, scrubber, ct))
            {
                gone.Add(f.Id);
                keys.Add(f.StorageKey);
            }
        }
        if (gone.Count > 0)
        {
            await SearchQueue.For(db).WriteAsync(db, gone.Select(id => new SearchChange(SearchKind.File, id, Gone: true)), ct);
            await db.Files.Where(f => gone.Contains(f.Id)).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>A mail names the person in its headers (decoded) or its text parts.</summary>
    private static async Task<bool> MentionsAsync(System.IO.Stream stream, NameScrubber scrubber, CancellationToken ct)
    {
        try
        {
            var message = await MimeMessage.LoadAsync(stream, ct);
            var addresses = message.From.Mailboxes.Concat(message.To.Mailboxes).Concat(message.Cc.Mailboxes).Concat(message.ReplyTo.Mailboxes)
                .SelectMany(a => new[] { a.Name, a.Address });
            return addresses.Append(message.Subject).Append(message.TextBody).Append(message.HtmlBody)
                .Concat(message.BodyParts.OfType<MessagePart>().Select(p => p.Message?.ToString()))
                .Any(scrubber.Holds);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Search documents that hold the name (or are the person's own entry) leave the index now, in this transaction,
    /// and are queued to be written again from the cleaned text; the name's words leave the vocabulary unless others use them.
    /// </summary>
    private async Task ForgetSearchAsync(User user, NameScrubber scrubber, CancellationToken ct)
    {
        var touched = new List<(SearchKind Kind, long SourceId)> { (SearchKind.Person, user.Id) };
        foreach (var needle in scrubber.Needles)
        {
            var like = "%" + needle.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            var documents = db.Database.IsSqlite()
                ? db.SearchDocuments.Where(d => EF.Functions.Like(d.Body, like, "\\") || EF.Functions.Like(d.Title, like, "\\") || EF.Functions.Like(d.Path, like, "\\"))
                : db.SearchDocuments.Where(d => EF.Functions.ILike(d.Body, like, "\\") || EF.Functions.ILike(d.Title, like, "\\") || EF.Functions.ILike(d.Path, like, "\\"));
            touched.AddRange((await documents.Select(d => new { d.Kind, d.SourceId }).ToListAsync(ct)).Select(d => (d.Kind, d.SourceId)));
        }
        await SearchQueue.For(db).WriteAsync(db, touched.Distinct().Select(d => new SearchChange(d.Kind, d.SourceId, Gone: true)), ct);
        var words = SearchAnalyzer.Words(user.DisplayName + " " + user.Handle + " " + (user.Email ?? ""))
            .Where(w => w.Folded.Length >= 3).Select(w => (w.Folded, w.Term)).Distinct().ToList();
        foreach (var (folded, term) in words)
        {
            var padded = " " + term + " ";
            if (await db.SearchDocuments.AnyAsync(d => (" " + d.BodyTerms + " ").Contains(padded) || (" " + d.TitleTerms + " ").Contains(padded), ct)) continue;
            await db.SearchTerms.Where(x => x.Folded == folded || x.Term == term).ExecuteDeleteAsync(ct);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlAsync($"DELETE FROM \"SearchTermsTrigram\" WHERE \"Folded\" = {folded} OR \"Term\" = {term}", ct);
        }
    }
}
