using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Data.Files;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Files;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Spaces;
using Microsoft.AspNetCore.Mvc;

namespace Foyer.Web.Features.Stream;

public class NewPostModel(FoyerDbContext db, AudienceCache cache, PostWriter writer, WriteThrottle throttle, FileIntake files) : FoyerPageModel
{
    public ComposerView Composer { get; private set; } = new();
    /// <summary>The post as it will look, shown before anything is stored.</summary>
    public string? PreviewHtml { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? spaceId)
    {
        Composer = await ComposerView.ForViewerAsync(db, cache, Viewer, spaceId);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long spaceId, string? markdown, string? intent)
    {
        var access = await SpaceAccess.LoadAsync(db, Viewer, spaceId);
        if (access is null || !access.CanRead) return NotFound();
        markdown = (markdown ?? "").Trim();
        Composer = await ComposerView.ForViewerAsync(db, cache, Viewer, spaceId, markdown);
        if (!access.CanParticipate(Viewer)) return Rejected(403, T["Join this space to write in it."]);
        var attached = await files.AcceptAsync(Viewer, Request);
        Composer.PendingFiles = attached.Files;
        if (!attached.Ok) return Rejected(attached.Status ?? 400, attached.Error!);
        if (markdown.Length == 0 && attached.Files.Count == 0) return Rejected(400, T["The post is empty. Write something first."]);
        if (markdown.Length > Post.MaxMarkdownLength)
        {
            return Rejected(413, T["The post is too long: {0} characters, at most {1} are allowed.", markdown.Length, Post.MaxMarkdownLength]);
        }
        if (intent == "preview")
        {
            PreviewHtml = (await writer.RenderWithLinksAsync(access.Space, markdown)).Rendered.Html;
            return Page();
        }
        if (!throttle.TryAcquire(Viewer.UserId)) return Rejected(429, T["You are writing very fast. Please wait a minute and try again; your text is still here."]);

        var post = await writer.PublishAsync(access.Space, Viewer.UserId, markdown, attached.Files);
        return Redirect($"/posts/{post.Id}");
    }
}
