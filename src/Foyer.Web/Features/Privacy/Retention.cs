using System.Globalization;
using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Data.Mail;
using Foyer.Data.Privacy;
using Foyer.Web.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Privacy;

/// <summary>Applies the retention rules: deletes what is older than each rule allows.</summary>
public sealed class RetentionRunner(FoyerDbContext db, IFileStorage storage, TimeProvider time, ILogger<RetentionRunner> log)
{
    /// <summary>Makes sure every rule exists (new kinds get their default), without touching rules an admin set.</summary>
    public static async Task EnsureRulesAsync(FoyerDbContext db)
    {
        var existing = await db.RetentionRules.Select(r => r.Kind).ToListAsync();
        foreach (var (kind, days) in RetentionRule.Defaults)
        {
            if (!existing.Contains(kind)) db.RetentionRules.Add(new RetentionRule { Kind = kind, Days = days });
        }
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another node added them at the same moment.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>How many items a rule with <paramref name="days"/> would delete now, and how many there are: the admin page warns before "everything".</summary>
    public async Task<(int Affected, int Total)> PreviewAsync(RetentionKind kind, int days)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-days);
        return kind switch
        {
            RetentionKind.SandboxContent => (await SandboxPosts(cutoff).CountAsync(), await SandboxPosts(DateTime.MaxValue).CountAsync()),
            RetentionKind.GuestCommentEmails => (await GuestEmails(cutoff).CountAsync(), await GuestEmails(DateTime.MaxValue).CountAsync()),
            RetentionKind.AuditLog => (await db.AuditEntries.CountAsync(a => a.At < cutoff), await db.AuditEntries.CountAsync()),
            RetentionKind.DeletedContent => (await db.Posts.CountAsync(p => p.DeletedAt < cutoff) + await db.Comments.CountAsync(c => c.DeletedAt < cutoff),
                await db.Posts.CountAsync(p => p.DeletedAt != null) + await db.Comments.CountAsync(c => c.DeletedAt != null)),
            RetentionKind.ReadNotifications => (await db.Notifications.CountAsync(n => n.ReadAt < cutoff), await db.Notifications.CountAsync(n => n.ReadAt != null)),
            RetentionKind.SentMails => (await SentMails(cutoff).CountAsync(), await SentMails(DateTime.MaxValue).CountAsync()),
            _ => (0, 0),
        };
    }

    /// <summary>Runs every rule once; returns what each deleted. Each rule is its own transaction, so one failing rule does not stop the others.</summary>
    public async Task<Dictionary<RetentionKind, int>> ApplyAsync(CancellationToken ct = default)
    {
        await EnsureRulesAsync(db);
        var now = time.GetUtcNow().UtcDateTime;
        var result = new Dictionary<RetentionKind, int>();
        await ExpireExportsAsync(now, ct);
        foreach (var rule in await db.RetentionRules.AsNoTracking().OrderBy(r => r.Kind).ToListAsync(ct))
        {
            if (rule.Days is not int days) continue;
            var cutoff = now.AddDays(-days);
            var keys = new List<string>();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var deleted = await ApplyAsync(rule.Kind, cutoff, keys, ct);
                await db.RetentionRules.Where(r => r.Kind == rule.Kind).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.LastAppliedAt, now).SetProperty(r => r.LastDeleted, deleted), ct);
                if (deleted > 0)
                {
                    AuditLog.Record(db, null, AuditAction.RetentionApplied, AuditLog.Organisation,
                        string.Create(CultureInfo.InvariantCulture, $"rule={rule.Kind} days={days} deleted={deleted}"), now);
                    await db.SaveChangesAsync(ct);
                }
                await tx.CommitAsync(ct);
                result[rule.Kind] = deleted;
                if (deleted > 0) log.LogInformation("Retention {Rule} ({Days} days) deleted {Count} items", rule.Kind, days, deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One rule failing (a database hiccup) does not keep the others from running.
                db.ChangeTracker.Clear();
                log.LogError(e, "Retention rule {Rule} failed", rule.Kind);
                continue;
            }
            await ContentRemoval.DeleteStoredAsync(storage, keys, log);
        }
        return result;
    }

    /// <summary>Export archives are kept for a week after they are ready, then their file goes.</summary>
    private async Task ExpireExportsAsync(DateTime now, CancellationToken ct)
    {
        var expired = await db.DataExports.Where(e => e.State == DataExportState.Ready && e.ExpiresAt < now).Select(e => new { e.Id, e.StorageKey }).ToListAsync(ct);
        foreach (var e in expired)
        {
            if (e.StorageKey is not null) await storage.DeleteAsync(e.StorageKey, ct);
            await db.DataExports.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DataExportState.Expired).SetProperty(x => x.StorageKey, (string?)null), ct);
        }
    }

    private async Task<int> ApplyAsync(RetentionKind kind, DateTime cutoff, List<string> keys, CancellationToken ct)
    {
        switch (kind)
        {
            case RetentionKind.SandboxContent:
                return await ContentRemoval.DeletePostsAsync(db, keys, await SandboxPosts(cutoff).Select(p => p.Id).ToListAsync(ct), ct);
            case RetentionKind.GuestCommentEmails:
                // The comment stays; the address and the network it came from go.
                return await GuestEmails(cutoff).ExecuteUpdateAsync(s => s.SetProperty(c => c.GuestEmail, "").SetProperty(c => c.RemoteNetwork, ""), ct);
            case RetentionKind.AuditLog:
                return await db.AuditEntries.Where(a => a.At < cutoff).ExecuteDeleteAsync(ct);
            case RetentionKind.DeletedContent:
                var comments = await db.Comments.Where(c => c.DeletedAt < cutoff).Select(c => c.Id).ToListAsync(ct);
                var posts = await db.Posts.Where(p => p.DeletedAt < cutoff).Select(p => p.Id).ToListAsync(ct);
                return await ContentRemoval.DeleteCommentsAsync(db, keys, comments, ct) + await ContentRemoval.DeletePostsAsync(db, keys, posts, ct);
            case RetentionKind.ReadNotifications:
                return await db.Notifications.Where(n => n.ReadAt < cutoff).ExecuteDeleteAsync(ct);
            case RetentionKind.SentMails:
                return await SentMails(cutoff).ExecuteDeleteAsync(ct);
            default:
                return 0;
        }
    }

    private IQueryable<Data.Stream.Post> SandboxPosts(DateTime cutoff) => db.Posts.Where(p => p.Space!.IsSandbox && p.CreatedAt < cutoff);

    private IQueryable<ArticleComment> GuestEmails(DateTime cutoff) =>
        db.ArticleComments.Where(c => c.CreatedAt < cutoff && (c.GuestEmail != "" || c.RemoteNetwork != ""));

    private IQueryable<OutgoingMail> SentMails(DateTime cutoff) => db.OutgoingMails.Where(m => m.SentAt < cutoff);
}

/// <summary>Runs the retention rules once a day (checked hourly, so a restart does not skip a day).</summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<RetentionJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Retention:Run", true)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
                var now = time.GetUtcNow().UtcDateTime;
                var last = await db.RetentionRules.MaxAsync(r => r.LastAppliedAt, stoppingToken);
                if (await db.Organisation.AnyAsync(stoppingToken) && (last is null || now - last >= TimeSpan.FromHours(23)))
                {
                    await scope.ServiceProvider.GetRequiredService<RetentionRunner>().ApplyAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Applying the retention rules failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
