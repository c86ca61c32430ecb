using System.Globalization;
using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Infrastructure.Mail;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Foyer.Web.Features.Privacy;

/// <summary>A short service mail to one person ("your export is ready"), queued like every mail Foyer sends: exactly once per key.</summary>
public static class SystemMail
{
    public static async Task QueueAsync(FoyerDbContext db, MailOptions options, long userId, string name, string email, string subject, string text,
        string key, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(email) || await db.OutgoingMails.AnyAsync(m => m.IdempotencyKey == key, ct)) return;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(Features.Notifications.NotificationText.OneLine(name), email));
        message.MessageId = $"foyer-{key.Replace(':', '-')}@{options.Domain}";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        message.Subject = Features.Notifications.NotificationText.OneLine(subject);
        message.Body = new TextPart("plain") { Text = text };
        var mail = new OutgoingMail
        {
            IdempotencyKey = key, UserId = userId, ToAddress = email, Subject = message.Subject, MessageId = message.MessageId,
            Mime = NotificationMailer.ToSevenBit(message), CreatedAt = now,
        };
        db.OutgoingMails.Add(mail);
        await db.SaveChangesAsync(ct);
        OutboxQueue.Enqueue(db, MailSender.Topic, mail.Id.ToString(CultureInfo.InvariantCulture), now);
        await db.SaveChangesAsync(ct);
    }
}
