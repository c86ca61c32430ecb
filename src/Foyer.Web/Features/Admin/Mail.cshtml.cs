using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Admin;

/// <summary>What Foyer's mail is doing: mails waiting or given up with their errors, and background work that failed.</summary>
public class MailModel(FoyerDbContext db) : FoyerPageModel
{
    public sealed record MailRow(long Id, string To, string Subject, OutgoingMailStatus Status, int Attempts, DateTime CreatedAt, DateTime? SentAt, string? Error);
    public sealed record FailedWork(long Id, string Topic, int Attempts, DateTime CreatedAt, string? Error);

    public List<MailRow> Problems { get; private set; } = [];
    public List<MailRow> Recent { get; private set; } = [];
    public List<FailedWork> FailedOutbox { get; private set; } = [];
    public int Waiting { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Viewer.IsAdmin) return Forbid();
        var rows = db.OutgoingMails.AsNoTracking().OrderByDescending(m => m.Id)
            .Select(m => new MailRow(m.Id, m.ToAddress, m.Subject, m.Status, m.Attempts, m.CreatedAt, m.SentAt, m.LastError));
        Problems = await rows.Where(m => m.Status == OutgoingMailStatus.Failed || m.Status == OutgoingMailStatus.Pending && m.Error != null).Take(100).ToListAsync();
        Recent = await rows.Take(30).ToListAsync();
        Waiting = await db.OutgoingMails.CountAsync(m => m.Status == OutgoingMailStatus.Pending);
        FailedOutbox = await db.Outbox.AsNoTracking().Where(m => m.Failed).OrderByDescending(m => m.Id).Take(50)
            .Select(m => new FailedWork(m.Id, m.Topic, m.Attempts, m.CreatedAt, m.LastError)).ToListAsync();
        return Page();
    }
}
