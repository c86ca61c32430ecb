namespace Foyer.Web.Infrastructure.Mail;

/// <summary>Mail in and out (section "Mail").</summary>
public sealed class MailOptions
{
    /// <summary>Sender of Foyer's mails.</summary>
    public string From { get; set; } = "Foyer <foyer@foyer.localhost>";
    /// <summary>The domain of reply addresses and message ids; mail to it must reach Foyer (its SMTP listener or mailbox).</summary>
    public string Domain { get; set; } = "foyer.localhost";
    /// <summary>Where Foyer is reached in a browser; links in mails start with it.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";
    /// <summary>"Immediately" means after this many minutes: what arrives meanwhile comes in the same mail.</summary>
    public int BatchMinutes { get; set; } = 10;
    /// <summary>Hour of the day (UTC) daily and weekly digests go out; weekly ones on Mondays.</summary>
    public int DigestHour { get; set; } = 7;
    public SmtpOptions Smtp { get; set; } = new();
    public Incoming.ListenOptions Listen { get; set; } = new();
    public Incoming.ImapOptions Imap { get; set; } = new();
}

public static class MailSecurity
{
    /// <summary>"None", "StartTls", "Tls" (implicit) or anything else for "Auto" (TLS when the server offers it).</summary>
    public static MailKit.Security.SecureSocketOptions Parse(string? value) => value switch
    {
        "None" => MailKit.Security.SecureSocketOptions.None,
        "StartTls" => MailKit.Security.SecureSocketOptions.StartTls,
        "Tls" => MailKit.Security.SecureSocketOptions.SslOnConnect,
        _ => MailKit.Security.SecureSocketOptions.Auto,
    };
}

public sealed class SmtpOptions
{
    /// <summary>Empty: no mail is sent (queued mails wait until a server is configured).</summary>
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    /// <summary>"Auto" (STARTTLS when offered), "StartTls" (required), "Tls" (implicit, port 465) or "None".</summary>
    public string Security { get; set; } = "Auto";
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
}
