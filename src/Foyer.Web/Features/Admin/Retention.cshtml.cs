using System.Globalization;
using Foyer.Data;
using Foyer.Data.Privacy;
using Foyer.Web.Features.Privacy;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Admin;

/// <summary>
/// Admins decide how long each kind of data is kept. A rule that would delete everything of its kind that exists
/// needs an explicit confirmation; every change is in the audit log.
/// </summary>
public class RetentionModel(FoyerDbContext db, RetentionRunner runner, TimeProvider time) : FoyerPageModel
{
    public const int MaxDays = 36_500;
    public const int MinAuditDays = 365;
    public List<RetentionRule> Rules { get; private set; } = [];
    /// <summary>Set when a change waits for "yes, delete all of it".</summary>
    public (RetentionKind Kind, int Days, int Affected)? NeedsConfirmation { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Viewer.IsAdmin) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(RetentionKind kind, string? days, bool confirm)
    {
        if (!Viewer.IsAdmin) return Forbid();
        await LoadAsync();
        if (!Enum.IsDefined(kind)) return Rejected(400, T["There is no such rule."]);
        int? value = null;
        if (!string.IsNullOrWhiteSpace(days))
        {
            if (!int.TryParse(days.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1 || parsed > MaxDays)
            {
                return Rejected(400, T["Please enter a number of days between 1 and {0}, or leave the field empty to keep everything.", MaxDays]);
            }
            value = parsed;
        }
        if (kind == RetentionKind.AuditLog && value is int tooShort && tooShort < MinAuditDays)
        {
            // The audit log is what admins answer to: they cannot shorten it below a year.
            return Rejected(400, T["The audit log is kept for at least {0} days.", MinAuditDays]);
        }
        if (value is int d && !confirm)
        {
            var (affected, total) = await runner.PreviewAsync(kind, d);
            if (total > 0 && affected == total)
            {
                NeedsConfirmation = (kind, d, affected);
                return Rejected(409, T["This rule would delete all {0} items of this kind that exist now. Please confirm if that is what you want.", affected]);
            }
        }
        var rule = await db.RetentionRules.FirstAsync(r => r.Kind == kind);
        var now = time.GetUtcNow().UtcDateTime;
        var before = rule.Days;
        rule.Days = value;
        rule.UpdatedAt = now;
        rule.UpdatedById = Viewer.UserId;
        AuditLog.Record(db, Viewer.UserId, AuditAction.RetentionRuleChanged, AuditLog.Organisation,
            string.Create(CultureInfo.InvariantCulture, $"rule={kind} from={before?.ToString(CultureInfo.InvariantCulture) ?? "forever"} to={value?.ToString(CultureInfo.InvariantCulture) ?? "forever"}"), now);
        await db.SaveChangesAsync();
        Flash(T["The rule was saved. It is applied once a day."]);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostApplyAsync()
    {
        if (!Viewer.IsAdmin) return Forbid();
        var deleted = await runner.ApplyAsync(HttpContext.RequestAborted);
        Flash(T["The rules were applied: {0} items deleted.", deleted.Values.Sum()]);
        return RedirectToPage();
    }

    public string Name(RetentionKind kind) => kind switch
    {
        RetentionKind.SandboxContent => T["Sandbox posts"],
        RetentionKind.GuestCommentEmails => T["E-mail addresses of guest commenters"],
        RetentionKind.AuditLog => T["Audit log"],
        RetentionKind.DeletedContent => T["Deleted posts and comments"],
        RetentionKind.ReadNotifications => T["Read notifications"],
        RetentionKind.SentMails => T["Sent mails"],
        _ => kind.ToString(),
    };

    public string Help(RetentionKind kind) => kind switch
    {
        RetentionKind.SandboxContent => T["Posts in the sandbox, with their comments, are deleted this many days after they were written."],
        RetentionKind.GuestCommentEmails => T["The comment stays; the address and network the guest wrote from are removed."],
        RetentionKind.AuditLog => T["Entries older than this are deleted."],
        RetentionKind.DeletedContent => T["Deleted posts and comments are kept this long (for moderation) and then removed for good."],
        RetentionKind.ReadNotifications => T["Notifications a person has read."],
        RetentionKind.SentMails => T["Copies of mails Foyer sent, kept to check delivery."],
        _ => "",
    };

    private async Task LoadAsync()
    {
        await RetentionRunner.EnsureRulesAsync(db);
        Rules = await db.RetentionRules.AsNoTracking().OrderBy(r => r.Kind).ToListAsync();
    }
}
