using Foyer.Web.Features.Blogs;
using Foyer.Web.Features.Stream;
using Foyer.Web.Features.Wiki;
using Foyer.Web.Infrastructure.Files;
using Foyer.Web.Infrastructure.Links;
using Foyer.Web.Features.Notifications;
using Foyer.Web.Infrastructure.Mail;
using Foyer.Web.Infrastructure.Content;
using Foyer.Web.Infrastructure.Security;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;

namespace Foyer.Web.Infrastructure;

public static class WebSetup
{
    public static WebApplicationBuilder AddFoyerWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "foyer.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // German text stays text: Razor encodes markup characters, not umlauts (smaller pages, readable source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AssetUrls>();
        services.AddSingleton<Foyer.Data.Sqlite.SqlitePreparedReads>();
        services.AddSingleton<ITokenGenerator, TokenGenerator>();
        services.AddSingleton<ContentPipeline>();
        services.AddSingleton<OrganisationState>();
        services.AddScoped<CurrentViewer>();
        services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.AddHealthChecks();
        services.AddOptions<Fetching.SafeFetchOptions>().BindConfiguration("Fetching")
            .Validate(o => o.MaxRedirects is >= 0 and <= 10 && o.TimeoutSeconds is > 0 and <= 60 && o.MaxBytes > 0, "Fetching limits are out of range.")
            .ValidateOnStart();
        services.AddSingleton<Fetching.SafeFetcher>();
        services.AddOptions<Files.FileOptions>().BindConfiguration("Files")
            .Validate(o => o.MaxBytes > 0 && o.MaxFilesPerItem is > 0 and <= 100 && o.MaxImagePixels > 0 && o.MaxImageSide > 0 && o.ThumbnailSide is > 16 and <= 4096,
                "File limits are out of range.")
            .Validate(o => o.Storage is "Local" or "S3", "Files:Storage must be Local or S3.")
            .Validate(o => o.Storage != "S3" || o.S3.ServiceUrl.Length > 0 && o.S3.Bucket.Length > 0, "Files:S3 needs ServiceUrl and Bucket.")
            .ValidateOnStart();
        if (builder.Configuration["Files:Storage"] == "S3") services.AddSingleton<Files.IFileStorage, Files.S3FileStorage>();
        else services.AddSingleton<Files.IFileStorage, Files.LocalFileStorage>();
        services.AddScoped<Files.FileIntake>();
        services.AddSingleton<Files.PendingFileSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Files.PendingFileSweeper>());
        services.AddSingleton<Links.LinkPreviewTokens>();
        services.AddSingleton<Outbox.OutboxSignal>();
        services.AddSingleton<Outbox.OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Outbox.OutboxDispatcher>());
        services.AddScoped<Outbox.IOutboxHandler, Links.LinkPreviewFetcher>();
        services.AddOptions<Links.LinkPreviewOptions>().BindConfiguration("LinkPreviews");
        services.AddSingleton<Links.LinkPreviewInterceptor>();
        // Live updates: in this process, or across app nodes through Redis when Redis:Configuration is set.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Redis:Configuration"])) services.AddSingleton<Live.ILiveBus, Live.RedisLiveBus>();
        else services.AddSingleton<Live.ILiveBus, Live.InProcessLiveBus>();
        services.AddSingleton<Features.Notifications.UnreadCounter>();
        services.AddSingleton<Features.Notifications.NotificationInterceptor>();
        services.AddOptions<Mail.MailOptions>().BindConfiguration("Mail")
            .Validate(o => o.BatchMinutes is >= 0 and <= 1440 && o.DigestHour is >= 0 and <= 23, "Mail:BatchMinutes or Mail:DigestHour is out of range.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Mail:From is not a mail address.")
            .ValidateOnStart();
        services.AddSingleton<Mail.MailSigner>();
        services.AddSingleton<Mail.MailScheduler>();
        services.AddScoped<Outbox.IOutboxHandler, Mail.NotificationMailer>();
        services.AddScoped<Outbox.IOutboxHandler, Mail.MailSender>();
        services.AddSingleton<Mail.SmtpConnection>();
        services.AddScoped<Mail.Incoming.MailIntake>();
        services.AddHostedService<Mail.Incoming.SmtpListener>();
        services.AddSingleton<Mail.Incoming.ImapPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<Mail.Incoming.ImapPoller>());
        var maxUpload = builder.Configuration.GetValue<long?>("Files:MaxBytes") ?? 25L * 1024 * 1024;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(30_000_000, maxUpload * 4 + 1_000_000));
        // Uploads: the form limit follows the file limit (several files per form, plus the text).
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
            o.MultipartBodyLengthLimit = Math.Max(o.MultipartBodyLengthLimit, maxUpload * 4 + 1_000_000));
        return builder;
    }

    public static WebApplication UseFoyerWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseFoyerSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseSetupGate();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRequestLocalization();
        app.UseAuthorization();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapRazorPages();
        app.MapStreamEndpoints();
        app.MapWikiEndpoints();
        app.MapBlogFeeds();
        app.MapFoyerFiles();
        app.MapLinkPreviews();
        app.MapLive();
        app.MapMailEndpoints();
        Features.Search.SearchSetup.MapSearchEndpoints(app);
        return app;
    }
}
