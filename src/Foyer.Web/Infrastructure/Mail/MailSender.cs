using System.Globalization;
using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Foyer.Web.Infrastructure.Mail;

/// <summary>
/// Hands one stored mail to the SMTP server (MailKit). A mail already sent is never sent again, whatever the outbox
/// replays after a restart; a failure is kept with its error for the admins and retried with backoff.
/// </summary>
public sealed class MailSender(FoyerDbContext db, SmtpConnection smtp, TimeProvider time, ILogger<MailSender> log) : IOutboxHandler
{
    public const string Topic = "mail.send";
    string IOutboxHandler.Topic => Topic;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var id = long.Parse(payload, CultureInfo.InvariantCulture);
        var mail = await db.OutgoingMails.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (mail is null || mail.Status != OutgoingMailStatus.Pending) return;
        mail.Attempts++;
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(mail.Mime));
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            // Once the message is on its way it is not torn off: a shutdown waits for the server's answer, so the mail
            // is marked sent (or not) truthfully and never goes out twice.
            await smtp.SendAsync(message, cancellationToken);
            // Marked the moment the server took it: a restart from here on sends nothing twice.
            mail.Status = OutgoingMailStatus.Sent;
            mail.SentAt = time.GetUtcNow().UtcDateTime;
            mail.LastError = null;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (mail.Status == OutgoingMailStatus.Sent)
            {
                // Sent, but noting it failed: try once more; the outbox retry would find it pending and send it again.
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            mail.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            if (mail.Attempts >= OutboxDispatcher.MaxAttempts) mail.Status = OutgoingMailStatus.Failed;
            await db.SaveChangesAsync(CancellationToken.None);
            log.LogWarning("Mail {Id} to {To} failed (attempt {Attempt}): {Error}", mail.Id, mail.ToAddress, mail.Attempts, mail.LastError);
            if (mail.Status == OutgoingMailStatus.Pending) throw;
        }
    }
}
