using Foyer.Data;
using Foyer.Data.Privacy;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Admin;

public sealed record AuditRow(long Id, DateTime At, string Actor, AuditAction Action, string Target, string TargetHref, string Details);

/// <summary>The audit log, newest first, for admins. Read-only: there is no handler that changes or removes an entry.</summary>
public class AuditModel(FoyerDbContext db) : FoyerPageModel
{
    public const int PageSize = 50;
    public List<AuditRow> Entries { get; private set; } = [];
    public long? Older { get; private set; }
    public AuditAction? Action { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? before, string? action)
    {
        if (!Viewer.IsAdmin) return Forbid();
        if (!string.IsNullOrEmpty(action))
        {
            if (!Enum.TryParse<AuditAction>(action, out var parsed) || !Enum.IsDefined(parsed)) return Rejected(400, T["There is no such kind of entry."]);
            Action = parsed;
        }
        var query = db.AuditEntries.AsNoTracking();
        if (before is long b) query = query.Where(a => a.Id < b);
        if (Action is AuditAction only) query = query.Where(a => a.Action == only);
        var rows = await query.OrderByDescending(a => a.Id).Take(PageSize + 1)
            .Select(a => new { a.Id, a.At, a.ActorId, Actor = a.Actor != null ? a.Actor.DisplayName : null, a.Action, a.Target, a.Details })
            .ToListAsync();
        var userIds = rows.Select(r => TargetId(r.Target, "user")).OfType<long>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.DisplayName, u.Handle, u.DeletedAt });
        var spaceIds = rows.Select(r => TargetId(r.Target, "space")).OfType<long>().Distinct().ToList();
        // Spaces the admin may not see keep their number only (ADR 0002).
        var spaces = await db.Spaces.AsNoTracking().ListableBy(Viewer).Where(s => spaceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new { s.Name, s.Slug });
        Entries = rows.Take(PageSize).Select(r =>
        {
            var (target, href) = (r.Target, "");
            if (TargetId(r.Target, "user") is long u && people.TryGetValue(u, out var person))
            {
                (target, href) = person.DeletedAt is null ? (person.DisplayName, $"/people/{person.Handle}") : (T["Former member"].Value, "");
            }
            else if (TargetId(r.Target, "space") is long s && spaces.TryGetValue(s, out var space))
            {
                (target, href) = (space.Name, $"/spaces/{space.Slug}");
            }
            var actor = r.ActorId is null ? T["Foyer (automatic)"].Value : r.Actor ?? T["Former member"].Value;
            return new AuditRow(r.Id, r.At, actor, r.Action, target, href, r.Details);
        }).ToList();
        Older = rows.Count > PageSize ? Entries[^1].Id : null;
        return Page();
    }

    public string Name(AuditAction action) => action switch
    {
        AuditAction.RoleChanged => T["Role changed"],
        AuditAction.AccountDeactivated => T["Account deactivated"],
        AuditAction.AccountReactivated => T["Account reactivated"],
        AuditAction.SpaceVisibilityChanged => T["Space visibility changed"],
        AuditAction.ExportForSomeoneElse => T["Data export for someone else"],
        AuditAction.AccountDeletionRequested => T["Account deletion requested"],
        AuditAction.AccountDeleted => T["Account deleted"],
        AuditAction.ContentMadePublic => T["Content made public"],
        AuditAction.InsightsViewed => T["Insights viewed"],
        AuditAction.RetentionRuleChanged => T["Retention rule changed"],
        AuditAction.RetentionApplied => T["Retention rules applied"],
        AuditAction.InsightsSettingsChanged => T["Insights assumptions changed"],
        AuditAction.PersonalStatisticsSwitched => T["Per-person statistics switched"],
        AuditAction.ContentDeletedByAdmin => T["Content deleted by an admin"],
        _ => action.ToString(),
    };

    private static long? TargetId(string target, string kind) =>
        target.StartsWith(kind + ":", StringComparison.Ordinal) && long.TryParse(target.AsSpan(kind.Length + 1), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
