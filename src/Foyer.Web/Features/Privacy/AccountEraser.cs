using System.Globalization;
using System.Net;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Files;
using Foyer.Data.Privacy;
using Foyer.Data.Search;
using Foyer.Web.Features.Search;
using Foyer.Web.Infrastructure.Content;
using Foyer.Web.Infrastructure.Files;
using Foyer.Web.Infrastructure.Outbox;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Privacy;

public enum ErasureMode
{
    /// <summary>Posts, comments, articles and reactions go; shared wiki pages keep their text without the name.</summary>
    EraseContent = 0,
    /// <summary>Everything written stays, signed "former member".</summary>
    KeepAnonymised = 1,
}

/// <summary>
/// Deletes an account (GDPR Art. 17). The name, handle and address disappear from every table: the account row keeps
/// only its id (so what stays can say "former member"), and every text column of every table is searched for the name
/// and the address, which are replaced. The search index is rebuilt for what changed.
/// </summary>
public sealed class AccountEraser(FoyerDbContext db, IFileStorage storage, SearchIndexer indexer, OrganisationState organisation,
    IStringLocalizer<SharedResource> t, TimeProvider time, ILogger<AccountEraser> log) : IOutboxHandler
{
    public const string Topic = "privacy.erase";

    string IOutboxHandler.Topic => Topic;

    public static string Payload(long userId, ErasureMode mode) => string.Create(CultureInfo.InvariantCulture, $"{userId}:{mode}");

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        var userId = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var mode = Enum.Parse<ErasureMode>(parts[1]);
        await EraseAsync(userId, mode, cancellationToken);
    }

    public async Task EraseAsync(long userId, ErasureMode mode, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.DeletedAt is not null) return;
        var formerName = FormerName();
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Deleted rows are overwritten on disk, not only unlinked.
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            if (mode == ErasureMode.EraseContent) await EraseContentAsync(userId, ct);
            await RemovePersonalRowsAsync(user, ct);
            var touched = await ScrubTextAsync(Variants(user), formerName, user.Handle, user.DisplayName, userId, ct);
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
            // What still carries the old words in the search index is indexed again from the cleaned text.
            foreach (var group in touched.GroupBy(d => d.Kind)) await indexer.IndexAsync(group.Key, group.Select(d => d.SourceId).ToList(), ct, withFiles: false);
            await indexer.IndexAsync(SearchKind.Person, [userId], ct, withFiles: false);
            await ForgetVocabularyAsync(user, ct);
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        log.LogInformation("Account {User} was deleted ({Mode})", userId, mode);
    }

    private string FormerName()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(organisation.DefaultLanguage == "de" ? "de" : "en");
        try
        {
            return t["Former member"];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The spellings of the person's name and address that text may contain (as typed, in HTML, in upper and lower case).</summary>
    private static List<string> Variants(User user)
    {
        var list = new List<string>();
        void Add(string? value)
        {
            if (!string.IsNullOrWhiteSpace(value) && value.Trim().Length >= 3 && !list.Contains(value)) list.Add(value);
        }
        foreach (var v in new[] { user.DisplayName, user.Email })
        {
            if (string.IsNullOrEmpty(v)) continue;
            Add(v);
            Add(WebUtility.HtmlEncode(v));
            Add(v.ToUpperInvariant());
            Add(v.ToLowerInvariant());
        }
        Add("@" + user.Handle);
        // Longest first: "Anna Berg" is replaced before a shorter spelling inside it could be.
        return list.OrderByDescending(v => v.Length).ToList();
    }

    private async Task EraseContentAsync(long userId, CancellationToken ct)
    {
        var comments = await db.Comments.Where(c => c.AuthorId == userId).Select(c => c.Id).ToListAsync(ct);
        await ContentRemoval.DeleteCommentsAsync(db, storage, comments, ct);
        // A post others answered stays as an empty, deleted shell so their comments keep their thread; the rest goes.
        var posts = await db.Posts.Where(p => p.AuthorId == userId)
            .Select(p => new { p.Id, Answered = db.Comments.Any(c => c.PostId == p.Id) }).ToListAsync(ct);
        await ContentRemoval.DeletePostsAsync(db, storage, posts.Where(p => !p.Answered).Select(p => p.Id).ToList(), ct);
        var shells = posts.Where(p => p.Answered).Select(p => p.Id).ToList();
        foreach (var chunk in shells.Chunk(500))
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.PostRevisions.Where(r => chunk.Contains(r.PostId)).ExecuteDeleteAsync(ct);
            await ContentRemoval.DeleteFilesAsync(db, storage, FileOwnerKind.Post, chunk, ct);
            await db.Posts.Where(p => chunk.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Markdown, "").SetProperty(p => p.Html, "")
                .SetProperty(p => p.PlainText, "").SetProperty(p => p.DeletedAt, p => p.DeletedAt ?? now).SetProperty(p => p.AttachmentCount, 0), ct);
            await SearchQueue.For(db).WriteAsync(db, chunk.Select(id => new SearchChange(SearchKind.Post, id, Gone: true, Thread: true)), ct);
        }
        await db.Reactions.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        var articleComments = await db.ArticleComments.Where(c => c.AuthorId == userId).Select(c => c.Id).ToListAsync(ct);
        await DeleteArticleCommentsAsync(articleComments, ct);
        var articles = await db.Articles.Where(a => a.AuthorId == userId).Select(a => a.Id).ToListAsync(ct);
        foreach (var chunk in articles.Chunk(200))
        {
            var all = await db.ArticleComments.Where(c => chunk.Contains(c.ArticleId)).Select(c => c.Id).ToListAsync(ct);
            await DeleteArticleCommentsAsync(all, ct);
            await ContentRemoval.DeleteFilesAsync(db, storage, FileOwnerKind.Article, chunk, ct);
            await SearchQueue.For(db).WriteAsync(db, chunk.Select(id => new SearchChange(SearchKind.Article, id, Gone: true, Thread: true)), ct);
            await db.Articles.Where(a => chunk.Contains(a.Id)).ExecuteDeleteAsync(ct);
        }
        // Files that were still waiting for their form.
        var pending = await db.Files.Where(f => f.UploadedById == userId && f.OwnerKind == FileOwnerKind.Pending).Select(f => f.Id).ToListAsync(ct);
        if (pending.Count > 0)
        {
            var keys = await db.Files.Where(f => pending.Contains(f.Id)).Select(f => new { f.StorageKey, f.ThumbnailKey }).ToListAsync(ct);
            await db.Files.Where(f => pending.Contains(f.Id)).ExecuteDeleteAsync(ct);
            foreach (var k in keys)
            {
                await storage.DeleteAsync(k.StorageKey, ct);
                if (k.ThumbnailKey is not null) await storage.DeleteAsync(k.ThumbnailKey, ct);
            }
        }
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
    private async Task RemovePersonalRowsAsync(User user, CancellationToken ct)
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
        var exports = await db.DataExports.Where(e => e.UserId == id || e.RequestedById == id).Select(e => e.StorageKey).ToListAsync(ct);
        foreach (var key in exports.OfType<string>()) await storage.DeleteAsync(key, ct);
        await db.DataExports.Where(e => e.UserId == id || e.RequestedById == id).ExecuteDeleteAsync(ct);
        // Archives other people already prepared may quote the name (a mention in their post): they go too; a new
        // export is one click away and is written from the cleaned data.
        var others = await db.DataExports.Where(e => e.State == DataExportState.Ready && e.StorageKey != null).Select(e => new { e.Id, e.StorageKey }).ToListAsync(ct);
        foreach (var e in others)
        {
            await storage.DeleteAsync(e.StorageKey!, ct);
            await db.DataExports.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DataExportState.Expired).SetProperty(x => x.StorageKey, (string?)null), ct);
        }
        await db.UserClaims.Where(c => c.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(x => x.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserRoles.Where(r => r.UserId == id).ExecuteDeleteAsync(ct);
        if (!string.IsNullOrEmpty(user.Email))
        {
            string[] spellings = [user.Email, user.Email.ToUpperInvariant(), user.Email.ToLowerInvariant()];
            await db.Invitations.Where(i => spellings.Contains(i.Email)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Email, ""), ct);
            await db.ArticleComments.Where(c => spellings.Contains(c.GuestEmail)).ExecuteUpdateAsync(s => s.SetProperty(c => c.GuestEmail, ""), ct);
        }
    }

    /// <summary>
    /// Every text column of every table: the name, address and @handle become "former member". Returns the search
    /// documents that held them, to be indexed again.
    /// </summary>
    private async Task<List<(SearchKind Kind, long SourceId)>> ScrubTextAsync(List<string> variants, string replacement, string handle, string displayName, long userId,
        CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        var touched = await TouchedDocumentsAsync(variants, sqlite, ct);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var pairs = variants.Select(v => (From: v, To: v.StartsWith('@') ? "@" + replacement : replacement)).ToList();
        pairs.Insert(0, ("/people/" + handle, "/people"));
        // Addresses made from the name ("lichtplan-zora-berg"): a per-account replacement keeps slugs unique within their space.
        if (Slugs.From(displayName) is { Length: >= 3 } nameSlug) pairs.Add((nameSlug, Slugs.From(replacement) + "-" + userId.ToString(CultureInfo.InvariantCulture)));
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.GetViewName() is null && !e.IsOwned()))
        {
            var table = entity.GetTableName()!;
            // The account row is rewritten on its own; the audit log holds no names (and may not be changed).
            // Search documents are written again from their cleaned sources (their terms feed SQLite's full-text index, which
            // must be told the old terms to forget them).
            if (entity.ClrType == typeof(User) || entity.ClrType == typeof(AuditEntry) || entity.ClrType == typeof(SearchDocument)) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                var column = property.GetColumnName(store);
                if (column is null) continue;
                var q = $"\"{column}\"";
                var set = q;
                var where = new List<string>();
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                for (var i = 0; i < pairs.Count; i++)
                {
                    set = $"REPLACE({set}, @f{i}, @t{i})";
                    where.Add(sqlite ? $"instr({q}, @f{i}) > 0" : $"strpos({q}, @f{i}) > 0");
                    Infrastructure.Database.DbCommandParameters.AddParameter(command, $"@f{i}", pairs[i].From);
                    Infrastructure.Database.DbCommandParameters.AddParameter(command, $"@t{i}", pairs[i].To);
                }
                command.CommandText = $"UPDATE \"{table}\" SET {q} = {set} WHERE {string.Join(" OR ", where)}";
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        return touched;
    }

    private async Task<List<(SearchKind, long)>> TouchedDocumentsAsync(List<string> variants, bool sqlite, CancellationToken ct)
    {
        var result = new List<(SearchKind, long)>();
        foreach (var v in variants)
        {
            var rows = sqlite
                ? await db.SearchDocuments.Where(d => EF.Functions.Like(d.Body, "%" + v + "%") || EF.Functions.Like(d.Title, "%" + v + "%"))
                    .Select(d => new { d.Kind, d.SourceId }).ToListAsync(ct)
                : await db.SearchDocuments.Where(d => EF.Functions.ILike(d.Body, "%" + v + "%") || EF.Functions.ILike(d.Title, "%" + v + "%"))
                    .Select(d => new { d.Kind, d.SourceId }).ToListAsync(ct);
            result.AddRange(rows.Select(r => (r.Kind, r.SourceId)));
        }
        return result.Distinct().ToList();
    }

    /// <summary>The words of the name leave the search vocabulary unless another document still uses them.</summary>
    private async Task ForgetVocabularyAsync(User user, CancellationToken ct)
    {
        var words = SearchAnalyzer.Words(user.DisplayName + " " + user.Handle + " " + (user.Email ?? ""))
            .Where(w => w.Folded.Length >= 3).Select(w => (w.Folded, w.Term)).Distinct().ToList();
        foreach (var (folded, term) in words)
        {
            var padded = " " + term + " ";
            var used = await db.SearchDocuments.AnyAsync(d => (" " + d.BodyTerms + " ").Contains(padded) || (" " + d.TitleTerms + " ").Contains(padded), ct);
            if (used) continue;
            await db.SearchTerms.Where(x => x.Folded == folded || x.Term == term).ExecuteDeleteAsync(ct);
            // SQLite keeps a trigram copy of the vocabulary for "did you mean".
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlAsync($"DELETE FROM \"SearchTermsTrigram\" WHERE \"Folded\" = {folded} OR \"Term\" = {term}", ct);
        }
    }
}
