using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Foyer.Web.Infrastructure.Mail.Incoming;

/// <summary>Foyer's own SMTP listener (section "Mail:Listen"), to sit behind the organisation's mail server.</summary>
public sealed class ListenOptions
{
    public bool Enabled { get; set; }
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;
    /// <summary>Largest mail taken, in bytes (attachments included); bigger ones are refused during the transfer.</summary>
    public int MaxMessageBytes { get; set; } = 30 * 1024 * 1024;
}

/// <summary>
/// Receives mail with the SmtpServer library: unknown recipients are refused at RCPT TO, every accepted mail goes
/// through <see cref="MailIntake"/>, refusals go back as SMTP errors with a human sentence (the sender's server
/// turns them into a polite bounce). Malformed mail is refused; the listener keeps running.
/// </summary>
public sealed class SmtpListener(IOptions<MailOptions> mail, IServiceScopeFactory scopes, ILogger<SmtpListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listen = mail.Value.Listen;
        if (!listen.Enabled) return;
        var options = new SmtpServerOptionsBuilder()
            .ServerName(mail.Value.Domain)
            .MaxMessageSize(listen.MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Parse(listen.Address), listen.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Filter(scopes));
        services.Add(new Store(scopes, log));
        services.Add(new NoDelayEndpointListenerFactory());
        var server = new SmtpServer.SmtpServer(options, services);
        log.LogInformation("SMTP listener on {Address}:{Port} for @{Domain}", listen.Address, listen.Port, mail.Value.Domain);
        try
        {
            await server.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private sealed class Filter(IServiceScopeFactory scopes) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            return scope.ServiceProvider.GetRequiredService<MailIntake>().IsOurs(to.AsAddress());
        }
    }

    private sealed class Store(IServiceScopeFactory scopes, ILogger log) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            MimeMessage message;
            try
            {
                using var stream = new MemoryStream(buffer.ToArray());
                message = await MimeMessage.LoadAsync(stream, cancellationToken);
            }
            catch (FormatException e)
            {
                log.LogInformation("Refused malformed mail: {Error}", e.Message);
                return new SmtpResponse(SmtpReplyCode.TransactionFailed, "5.6.0 This mail could not be read (malformed MIME).");
            }
            // MAIL FROM:<> (a delivery report) has no user part.
            var envelopeFrom = transaction.From is null || string.IsNullOrEmpty(transaction.From.User) ? "" : transaction.From.AsAddress();
            var rejected = new List<string>();
            foreach (var to in transaction.To)
            {
                await using var scope = scopes.CreateAsyncScope();
                var intake = scope.ServiceProvider.GetRequiredService<MailIntake>();
                try
                {
                    var result = await intake.AcceptAsync(message, envelopeFrom, to.AsAddress(), cancellationToken);
                    if (result.Outcome == MailOutcome.Rejected) rejected.Add(result.Reason);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Incoming mail to {To} failed", to.AsAddress());
                    return new SmtpResponse(SmtpReplyCode.TransactionFailed, "4.3.0 Temporary problem, please try again later.");
                }
            }
            return rejected.Count == 0
                ? SmtpResponse.Ok
                : new SmtpResponse(SmtpReplyCode.TransactionFailed, "5.7.1 " + string.Join(" ", rejected.Distinct()));
        }
    }
}
