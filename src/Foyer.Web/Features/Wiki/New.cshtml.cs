using System.Text;
using Foyer.Data;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Spaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public class NewModel(FoyerDbContext db, WikiWriter writer, Foyer.Web.Infrastructure.Files.FileIntake files) : WikiPageModel(db)
{
    public WikiEditorView Editor { get; private set; } = new("", "", "");
    public IReadOnlyList<Foyer.Data.Files.StoredFile> PendingFiles { get; private set; } = [];
    public WikiTree Tree { get; private set; } = null!;
    public List<WikiTemplate> Templates { get; private set; } = [];
    public AudienceSummary Audience { get; private set; } = null!;
    public long? ParentId { get; private set; }
    public long? TemplateId { get; private set; }
    public long? SourcePostId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? title, long? parent, long? template, long? fromPost)
    {
        if (await LoadSpaceAsync(slug) is { } failed) return failed;
        if (!CanWrite) return Forbid();
        await FillAsync(parent);
        var markdown = "";
        TemplateId = template;
        if (template is long t && Templates.FirstOrDefault(x => x.Id == t) is { } chosen) markdown = chosen.Markdown;
        if (fromPost is long postId)
        {
            var draft = await DraftFromDiscussionAsync(postId);
            if (draft is null) return NotFound();
            (title, markdown) = draft.Value;
            SourcePostId = postId;
        }
        Editor = new WikiEditorView(title?.Trim() ?? "", markdown, "");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string? title, string? markdown, string? summary, long? parentId, long? sourcePostId)
    {
        if (await LoadSpaceAsync(slug) is { } failed) return failed;
        if (!CanWrite) return Forbid();
        title = (title ?? "").Trim();
        markdown = markdown ?? "";
        summary = (summary ?? "").Trim();
        await FillAsync(parentId);
        Editor = new WikiEditorView(title, markdown, summary);
        SourcePostId = sourcePostId;
        var attached = await files.AcceptAsync(Viewer, Request);
        PendingFiles = attached.Files;
        if (!attached.Ok) return Rejected(attached.Status ?? 400, attached.Error!);
        if (WikiInput.Check(title, markdown, summary, T) is { } problem) return Rejected(problem.Status, problem.Message);
        if (parentId is long p && Tree.Find(p) is null) return Rejected(400, T["The parent page does not exist in this space."]);
        if (sourcePostId is long source && !await Db.Posts.VisibleTo(Viewer).AnyAsync(x => x.Id == source && x.SpaceId == Access.Space.Id))
        {
            return Rejected(400, T["The discussion this page continues is not in this space."]);
        }
        var (page, outcome) = await writer.CreateAsync(Access.Space, Viewer.UserId, title, markdown, parentId, summary, sourcePostId);
        if (outcome == WikiSaveOutcome.TitleTaken || page is null)
        {
            return Rejected(409, T["A page with this title already exists in this space. Choose another title or edit that page."]);
        }
        await WikiFiles.AttachAsync(Db, attached.Files, page.Id);
        Flash(T["The page was created."]);
        return Redirect($"{WikiPath}/{page.Slug}");
    }

    private async Task FillAsync(long? parent)
    {
        Tree = await WikiTree.LoadAsync(Db, Access.Space.Id);
        ParentId = parent is long p && Tree.Find(p) is not null ? p : null;
        var spaceId = Access.Space.Id;
        Templates = await Db.WikiTemplates.AsNoTracking().Where(t => t.SpaceId == null || t.SpaceId == spaceId).OrderBy(t => t.Name).ToListAsync();
        Audience = await AudienceSummary.ForAsync(Db, Access.Space);
    }

    /// <summary>The post and the gist of its thread (who said what, first sentence each), with a link back.</summary>
    private async Task<(string Title, string Markdown)?> DraftFromDiscussionAsync(long postId)
    {
        var post = await Db.Posts.AsNoTracking().VisibleTo(Viewer).Where(p => p.Id == postId && p.SpaceId == Access.Space.Id)
            .Select(p => new { p.Id, p.Markdown, p.PlainText, Author = p.Author!.DisplayName }).FirstOrDefaultAsync();
        if (post is null) return null;
        var comments = await Db.Comments.AsNoTracking().Where(c => c.PostId == postId && c.DeletedAt == null).OrderBy(c => c.Number)
            .Select(c => new { c.Number, c.PlainText, Author = c.Author!.DisplayName }).ToListAsync();
        var title = post.PlainText.Split('\n', 2)[0].Trim().TrimStart('#', ' ');
        if (title.Length > 80) title = title[..80].TrimEnd() + "…";
        var md = new StringBuilder();
        md.Append(T["Continued from [the discussion](/posts/{0}) started by {1}.", post.Id, post.Author].Value).Append("\n\n");
        md.Append(post.Markdown.Trim()).Append("\n\n");
        if (comments.Count > 0)
        {
            md.Append("## ").Append(T["From the discussion"].Value).Append("\n\n");
            foreach (var c in comments) md.Append("- **").Append(c.Author).Append("** (").Append(c.Number).Append("): ").Append(Gist(c.PlainText)).Append('\n');
        }
        return (title, md.ToString());
    }

    private static string Gist(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        var end = flat.IndexOfAny(['.', '!', '?']);
        var sentence = end is > 20 and < 240 ? flat[..(end + 1)] : flat;
        return sentence.Length <= 240 ? sentence : sentence[..240].TrimEnd() + "…";
    }
}
