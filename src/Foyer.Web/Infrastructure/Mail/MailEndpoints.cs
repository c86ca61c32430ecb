using System.Net;
using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Infrastructure.Mail;

/// <summary>
/// Unsubscribing from the link in every mail: GET shows a page with one button, POST (also the one-click POST that
/// mail clients send, RFC 8058) switches notification mails off. The signed token is the authority; no login needed.
/// </summary>
public static class MailEndpoints
{
    public static IEndpointRouteBuilder MapMailEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/mail/unsubscribe", async (string? token, MailSigner signer, IStringLocalizer<SharedResource> t, OrganisationState org) =>
        {
            if (await signer.ReadUnsubscribeTokenAsync(token) is null) return Page(t["This unsubscribe link is not valid."], null, 404);
            return Page(t["Stop notification mails from {0}?", org.Name], t["Yes, stop the mails"], 200, token);
        }).AllowAnonymous();
        app.MapPost("/mail/unsubscribe", async (string? token, MailSigner signer, FoyerDbContext db, IStringLocalizer<SharedResource> t) =>
        {
            if (await signer.ReadUnsubscribeTokenAsync(token) is not long user) return Page(t["This unsubscribe link is not valid."], null, 404);
            await db.Users.Where(u => u.Id == user).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailFrequency, EmailFrequency.Never));
            return Page(t["Done: you get no more notification mails. You can switch them on again on your profile page."], null, 200);
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static IResult Page(string message, string? button, int status, string? token = null)
    {
        var form = button is null ? "" :
            $"<form method=\"post\" action=\"/mail/unsubscribe?token={WebUtility.HtmlEncode(Uri.EscapeDataString(token ?? ""))}\"><button type=\"submit\">{WebUtility.HtmlEncode(button)}</button></form>";
        var html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Foyer</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>" +
            $"<body><main id=\"main\"><p class=\"card\">{WebUtility.HtmlEncode(message)}</p>{form}</main></body></html>";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
