using System.Globalization;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Privacy;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Privacy;

/// <summary>Asking for an export or a deletion, by the person or by an admin on their behalf. Both are safe against double requests.</summary>
public sealed class PrivacyRequests(FoyerDbContext db, UserManager<User> users, OutboxSignal signal, IStringLocalizer<SharedResource> t, TimeProvider time)
{
    /// <summary>Queues an export; a second request while one is being prepared is refused (the unique index decides between two at once).</summary>
    public async Task<string?> RequestExportAsync(long userId, long requestedById)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (await db.DataExports.AnyAsync(e => e.UserId == userId && (e.State == DataExportState.Queued || e.State == DataExportState.Running)))
        {
            return t["An export is already being prepared. You will get a mail when it is ready."];
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        var export = new DataExport { UserId = userId, RequestedById = requestedById, RequestedAt = now, State = DataExportState.Queued };
        db.DataExports.Add(export);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return t["An export is already being prepared. You will get a mail when it is ready."];
        }
        OutboxQueue.Enqueue(db, DataExportBuilder.Topic, export.Id.ToString(CultureInfo.InvariantCulture), now);
        if (requestedById != userId)
        {
            AuditLog.Record(db, requestedById, AuditAction.ExportForSomeoneElse, AuditLog.User(userId), string.Create(CultureInfo.InvariantCulture, $"export={export.Id}"), now);
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        signal.Notify();
        return null;
    }

    /// <summary>
    /// Signs the person out everywhere at once and queues the erasure. Refused for the last active admin, and when a
    /// deletion is already under way (the conditional update lets exactly one request through).
    /// </summary>
    public async Task<string?> RequestDeletionAsync(long userId, ErasureMode mode, long actorId)
    {
        var user = await users.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture));
        if (user is null || user.DeletedAt is not null) return t["This account no longer exists."];
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync();
        // Deletion requests take turns (the organisation row is their lock): two admins deleting each other at the same
        // moment cannot both pass the "another admin remains" check.
        await db.Organisation.ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, o => o.Name));
        if (user.Role == OrgRole.Admin && !await db.Users.AnyAsync(u => u.Id != userId && u.Role == OrgRole.Admin && u.DeactivatedAt == null
                && u.DeletedAt == null && u.DeletionRequestedAt == null))
        {
            return t["This is the organisation's last administrator. Make someone else an administrator first, then delete this account."];
        }
        var claimed = await db.Users.Where(u => u.Id == userId && u.DeletionRequestedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletionRequestedAt, now).SetProperty(u => u.DeactivatedAt, u => u.DeactivatedAt ?? now));
        if (claimed != 1) return t["The deletion of this account is already under way."];
        OutboxQueue.Enqueue(db, AccountEraser.Topic, AccountEraser.Payload(userId, mode), now);
        AuditLog.Record(db, actorId, AuditAction.AccountDeletionRequested, AuditLog.User(userId), $"mode={mode}", now);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        db.ChangeTracker.Clear();
        // A new security stamp ends every session of the account at its next request.
        var fresh = await users.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture));
        if (fresh is not null) await users.UpdateSecurityStampAsync(fresh);
        signal.Notify();
        return null;
    }
}
