using System.Globalization;
using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Infrastructure.Outbox;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foyer.Web.Infrastructure.Mail;

/// <summary>
/// Hands one stored mail to the SMTP server (MailKit). A mail already sent is never sent again, whatever the outbox
/// replays after a restart; a failure is kept with its error for the admins and retried with backoff.
/// </summary>
public sealed class MailSender(FoyerDbContext db, IOptions<MailOptions> options, TimeProvider time, ILogger<MailSender> log) : IOutboxHandler
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
            var smtp = options.Value.Smtp;
            if (string.IsNullOrWhiteSpace(smtp.Host)) throw new InvalidOperationException("No SMTP server is configured (Mail:Smtp:Host).");
            using var stream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(mail.Mime));
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            using var client = new SmtpClient { Timeout = 30_000 };
            var security = MailSecurity.Parse(smtp.Security);
            await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password, cancellationToken);
            // Once the message is on its way it is not torn off: a shutdown waits for the server's answer, so the mail
            // is marked sent (or not) truthfully and never goes out twice.
            await client.SendAsync(message, CancellationToken.None);
            // Marked the moment the server took it: a restart from here on sends nothing twice.
            mail.Status = OutgoingMailStatus.Sent;
            mail.SentAt = time.GetUtcNow().UtcDateTime;
            mail.LastError = null;
            await db.SaveChangesAsync(CancellationToken.None);
            await client.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (mail.Status == OutgoingMailStatus.Sent) return; // only the goodbye to the server failed
            mail.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            if (mail.Attempts >= OutboxDispatcher.MaxAttempts) mail.Status = OutgoingMailStatus.Failed;
            await db.SaveChangesAsync(CancellationToken.None);
            log.LogWarning("Mail {Id} to {To} failed (attempt {Attempt}): {Error}", mail.Id, mail.ToAddress, mail.Attempts, mail.LastError);
            if (mail.Status == OutgoingMailStatus.Pending) throw;
        }
    }
}
