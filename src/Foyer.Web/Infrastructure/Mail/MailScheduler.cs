using System.Globalization;
using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Infrastructure.Mail;

/// <summary>
/// Plans the notification mail of a person when something new is waiting for them, in the same save as the
/// notification: soon (after the batching window, so five comments in ten minutes make one mail), or at the next
/// daily or weekly digest. One planned mail per person at a time; it takes whatever is waiting when it goes.
/// </summary>
public sealed class MailScheduler(IOptions<MailOptions> options)
{
    public const string Topic = "mail.notify";

    public async Task ScheduleAsync(FoyerDbContext db, IReadOnlyList<Foyer.Data.Notifications.Notification> notes, DateTime now, CancellationToken ct)
    {
        var ids = notes.Select(n => n.RecipientId).Distinct().ToList();
        if (ids.Count == 0) return;
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.DeactivatedAt == null && u.EmailFrequency != EmailFrequency.Never)
            .Select(u => new { u.Id, u.EmailFrequency }).ToListAsync(ct);
        // Who gets no mail has nothing waiting for one: switching mails on later does not send the past.
        var mailed = people.Select(p => p.Id).ToHashSet();
        foreach (var note in notes.Where(n => !mailed.Contains(n.RecipientId))) note.MailedAt = now;
        var payloads = people.Select(p => p.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var planned = (await db.Outbox.AsNoTracking().Where(m => m.Topic == Topic && m.ProcessedAt == null && payloads.Contains(m.Payload))
            .Select(m => m.Payload).ToListAsync(ct)).ToHashSet();
        foreach (var person in people)
        {
            var payload = person.Id.ToString(CultureInfo.InvariantCulture);
            if (planned.Contains(payload)) continue;
            var message = OutboxQueue.Enqueue(db, Topic, payload, now);
            message.AvailableAt = When(person.EmailFrequency, now);
        }
    }

    public DateTime When(EmailFrequency frequency, DateTime now)
    {
        var o = options.Value;
        if (frequency == EmailFrequency.Immediately) return now.AddMinutes(o.BatchMinutes);
        var next = now.Date.AddHours(o.DigestHour);
        if (next <= now) next = next.AddDays(1);
        if (frequency == EmailFrequency.Weekly)
        {
            while (next.DayOfWeek != DayOfWeek.Monday) next = next.AddDays(1);
        }
        return next;
    }
}
