using Foyer.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public sealed record WikiConflict(string OtherAuthor, int TheirVersion, string TheirMarkdown, string DiffHtml, bool Merged);

/// <summary>
/// Edits a page. A save based on an older version never overwrites: the editor comes back with both versions,
/// merged where the edits do not overlap, and nothing typed is lost.
/// </summary>
public class EditModel(FoyerDbContext db, WikiWriter writer, Foyer.Web.Infrastructure.Files.FileIntake files) : WikiPageModel(db)
{
    public WikiEditorView Editor { get; private set; } = new("", "", "");
    public IReadOnlyList<Foyer.Data.Files.StoredFile> PendingFiles { get; private set; } = [];
    public IReadOnlyList<Foyer.Data.Files.StoredFile> Attachments { get; private set; } = [];
    public int BaseVersion { get; private set; }
    public bool Minor { get; private set; }
    public WikiConflict? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string name)
    {
        if (await LoadPageAsync(slug, name, "/edit") is { } other) return other;
        if (!CanWrite) return Forbid();
        Editor = new WikiEditorView(WikiPage.Title, WikiPage.Markdown, "");
        Attachments = await WikiFiles.OfAsync(Db, WikiPage.Id);
        BaseVersion = WikiPage.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string name, string? title, string? markdown, string? summary, int baseVersion, bool minor)
    {
        if (await LoadPageAsync(slug, name, "/edit") is { } other) return other;
        if (!CanWrite) return Forbid();
        title = (title ?? "").Trim();
        markdown = WikiDiff.Normalize(markdown ?? "");
        summary = (summary ?? "").Trim();
        Editor = new WikiEditorView(title, markdown, summary);
        BaseVersion = baseVersion;
        Minor = minor;
        Attachments = await WikiFiles.OfAsync(Db, WikiPage.Id);
        var attached = await files.AcceptAsync(Viewer, Request, Attachments.Count);
        PendingFiles = attached.Files;
        if (!attached.Ok) return Rejected(attached.Status ?? 400, attached.Error!);
        if (WikiInput.Check(title, markdown, summary, T) is { } problem) return Rejected(problem.Status, problem.Message);
        if (baseVersion < 1 || baseVersion > WikiPage.Version) return Rejected(400, T["This edit does not belong to a version of this page. Reload the page and try again."]);

        var outcome = await writer.SaveAsync(Access.Space, WikiPage, Viewer.UserId, baseVersion, title, markdown, summary, minor);
        switch (outcome)
        {
            case WikiSaveOutcome.Conflict:
                return await ConflictAsync(baseVersion, markdown, title, summary);
            case WikiSaveOutcome.TitleTaken:
                return Rejected(409, T["A page with this title already exists in this space. Choose another title or edit that page."]);
            case WikiSaveOutcome.Unchanged:
                await WikiFiles.AttachAsync(Db, attached.Files, WikiPage.Id);
                return Redirect(PagePath);
            default:
                await WikiFiles.AttachAsync(Db, attached.Files, WikiPage.Id);
                var saved = await Db.WikiPages.AsNoTracking().Where(p => p.Id == WikiPage.Id).Select(p => p.Slug).FirstAsync();
                Flash(T["Your changes were saved."]);
                return Redirect($"{WikiPath}/{saved}");
        }
    }

    private async Task<IActionResult> ConflictAsync(int baseVersion, string mine, string title, string summary)
    {
        var current = await Db.WikiPages.AsNoTracking().FirstAsync(p => p.Id == WikiPage.Id);
        var baseText = await Db.WikiRevisions.AsNoTracking().Where(r => r.PageId == current.Id && r.Version == baseVersion)
            .Select(r => r.Markdown).FirstOrDefaultAsync() ?? "";
        var author = await Db.Users.Where(u => u.Id == current.UpdatedById).Select(u => u.DisplayName).FirstOrDefaultAsync() ?? "";
        var merged = WikiDiff.Merge(baseText, current.Markdown, mine);
        var (diff, _) = WikiDiff.Render(current.Markdown, mine, T["… {0} unchanged lines …"]);
        Conflict = new WikiConflict(author, current.Version, current.Markdown, diff, merged is not null);
        Editor = new WikiEditorView(title, merged ?? mine, summary);
        BaseVersion = current.Version;
        return Rejected(409, T["Someone saved a newer version of this page while you were editing. Nothing of yours was saved yet."]);
    }
}
