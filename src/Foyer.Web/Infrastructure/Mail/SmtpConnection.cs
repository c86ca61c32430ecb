using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foyer.Web.Infrastructure.Mail;

/// <summary>
/// One SMTP connection kept open between mails (a fan-out of two thousand mails is not two thousand handshakes).
/// It is re-opened when the server closed it or after a failure, and closed after a minute without mail.
/// </summary>
public sealed class SmtpConnection(IOptions<MailOptions> options, TimeProvider time) : IAsyncDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;
    private DateTimeOffset _lastUsed;

    /// <summary>Sends one message. The send itself cannot be cancelled halfway (see MailSender); connecting can.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var smtp = options.Value.Smtp;
            if (string.IsNullOrWhiteSpace(smtp.Host)) throw new InvalidOperationException("No SMTP server is configured (Mail:Smtp:Host).");
            var now = time.GetUtcNow();
            if (_client is { IsConnected: true } && now - _lastUsed > Idle) await CloseAsync();
            if (_client is not { IsConnected: true })
            {
                await CloseAsync();
                var client = new SmtpClient { Timeout = 30_000 };
                // No Nagle: SMTP is a dialogue of short lines, and waiting for ACKs would cost ~40 ms per mail.
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(smtp.Host, smtp.Port, cancellationToken);
                    await client.ConnectAsync(socket, smtp.Host, smtp.Port, MailSecurity.Parse(smtp.Security), cancellationToken);
                }
                catch
                {
                    socket.Dispose();
                    client.Dispose();
                    throw;
                }
                if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password, cancellationToken);
                _client = client;
            }
            try
            {
                await _client.SendAsync(message, CancellationToken.None);
                _lastUsed = time.GetUtcNow();
            }
            catch
            {
                // Whatever state the connection is in, the next mail starts on a fresh one.
                await CloseAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CloseAsync()
    {
        if (_client is null) return;
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or SmtpProtocolException or SmtpCommandException)
        {
            // already gone
        }
        _client.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _gate.Dispose();
    }
}
