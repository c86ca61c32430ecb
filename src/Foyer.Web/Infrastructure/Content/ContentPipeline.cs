using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace Foyer.Web.Infrastructure.Content;

public sealed record RenderedContent(string Html, string PlainText, IReadOnlyList<long> MentionedUserIds, IReadOnlyList<string> Tags)
{
    /// <summary>The [[links]] the text really contains (not those in code), for backlinks.</summary>
    public IReadOnlyList<WikiLinkRef> WikiLinks { get; init; } = [];
}

/// <summary>What rendering needs to know beyond the text: who may be mentioned, where [[links]] lead.</summary>
public sealed class RenderContext
{
    public IReadOnlyDictionary<string, MentionTarget> Mentionable { get; init; } = new Dictionary<string, MentionTarget>();
    /// <summary>The slug of the space the text belongs to: the target of [[links]] without a space prefix.</summary>
    public string? SpaceSlug { get; init; }
    /// <summary>Resolved [[link]] targets by <see cref="WikiTitles.Key"/>.</summary>
    public IReadOnlyDictionary<string, WikiLinkTarget> WikiTargets { get; init; } = new Dictionary<string, WikiLinkTarget>();
}

/// <summary>
/// The one way user text becomes HTML: Markdown (raw HTML disabled) with Foyer's extensions, then HtmlSanitizer
/// with a URL-scheme allow list. Posts, comments and everything later (wiki, blogs, mail-in) go through here.
/// </summary>
public sealed partial class ContentPipeline(Links.LinkPreviewTokens previews)
{
    private readonly MarkdownPipeline _markdown = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseTaskLists()
        .UseListExtras()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Use<MentionAndTagExtension>()
        .Use<WikiLinkExtension>()
        .Use<Embeds.EmbedExtension>()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <summary>Words after an "@" that could be handles; the caller resolves them against the space's audience.</summary>
    public static IReadOnlySet<string> FindHandleCandidates(string markdown) =>
        HandleCandidate().Matches(markdown).Select(m => m.Groups[1].Value.TrimEnd('.', '-').ToLowerInvariant())
            .Where(h => h.Length > 0).ToHashSet();

    public RenderedContent Render(string markdown, IReadOnlyDictionary<string, MentionTarget>? mentionable = null) =>
        Render(markdown, new RenderContext { Mentionable = mentionable ?? new Dictionary<string, MentionTarget>() });

    public RenderedContent Render(string markdown, RenderContext render)
    {
        var context = new MarkdownParserContext();
        context.Properties[MentionAndTagParser.MentionsKey] = render.Mentionable;
        context.Properties[WikiLinkParser.TargetsKey] = render.WikiTargets;
        if (render.SpaceSlug is not null) context.Properties[WikiLinkParser.SpaceKey] = render.SpaceSlug;
        var document = Markdown.Parse(markdown, _markdown, context);
        var wikiLinks = document.Descendants<WikiLinkInline>()
            .Select(l => new WikiLinkRef(l.Target.SpaceSlug ?? render.SpaceSlug, l.Target.Title))
            .DistinctBy(l => (l.SpaceSlug, l.NormalizedTitle)).ToList();

        var mentioned = document.Descendants<MentionInline>().Select(m => m.Target.UserId).Distinct().ToList();
        var tags = document.Descendants<TagInline>().Select(t => t.Name).Distinct().ToList();
        foreach (var embed in document.Descendants<Embeds.EmbedBlock>())
        {
            if (embed.PreviewUrl is { } url) embed.PreviewToken = previews.For(url);
        }
        var html = _sanitizer.Sanitize(document.ToHtml(_markdown));

        var plain = Markdown.ToPlainText(markdown, _markdown, context).Trim();
        return new RenderedContent(html, plain, mentioned, tags) { WikiLinks = wikiLinks };
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" }) sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.AllowedAttributes.Add("class");
        // Two-click embeds: the player address waits in a data attribute until the reader asks for it.
        sanitizer.AllowedAttributes.Add("data-embed-src");
        sanitizer.AllowedAttributes.Add("data-provider");
        sanitizer.AllowedAttributes.Add("data-preview");
        sanitizer.AllowedAttributes.Add("lang");
        sanitizer.AllowedTags.Add("figure");
        sanitizer.AllowedTags.Add("figcaption");
        sanitizer.AllowedTags.Remove("svg");
        sanitizer.AllowedTags.Remove("math");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement a)
            {
                var href = a.GetAttribute("href") ?? "";
                if (href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                {
                    a.SetAttribute("rel", "nofollow noopener noreferrer");
                }
            }
        };
        return sanitizer;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}_/.@])@([\p{L}\p{N}_][\p{L}\p{N}_.\-]{0,39})")]
    private static partial Regex HandleCandidate();
}
