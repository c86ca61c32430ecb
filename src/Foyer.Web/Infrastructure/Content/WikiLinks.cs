using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace Foyer.Web.Infrastructure.Content;

/// <summary>A [[link]] as written: the target space (null: the space of the text) and the page title.</summary>
public sealed record WikiLinkRef(string? SpaceSlug, string Title)
{
    public string NormalizedTitle => WikiTitles.Normalize(Title);
}

/// <summary>Where a [[link]] leads, decided before rendering: to a page, to "create this page", or to a resolver.</summary>
public sealed record WikiLinkTarget(string Href, bool Missing);

public sealed partial class WikiTitles
{
    /// <summary>The form titles are compared in: NFC, single spaces, lower case. "Probenplan  Herbst" = "probenplan herbst".</summary>
    public static string Normalize(string title) =>
        Whitespace().Replace(title.Normalize(NormalizationForm.FormC).Trim(), " ").ToLowerInvariant();

    public static string Key(string spaceSlug, string normalizedTitle) => spaceSlug + "\n" + normalizedTitle;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

public sealed class WikiLinkInline : LeafInline
{
    public required WikiLinkRef Target { get; init; }
    public required string Label { get; init; }
    public WikiLinkTarget? Resolved { get; init; }
}

/// <summary>
/// Parses [[Title]], [[Title|label]] and [[space-slug:Title]]. Brackets inside the target, line breaks or an empty
/// title make it plain text; code spans and blocks are never parsed, so examples in code stay literal.
/// </summary>
public sealed partial class WikiLinkParser : InlineParser
{
    public const string TargetsKey = "foyer.wikilinks";
    public const string SpaceKey = "foyer.space";

    public WikiLinkParser() => OpeningCharacters = ['['];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        if (slice.PeekChar() != '[') return false;
        var text = slice.Text;
        var start = slice.Start;
        var close = text.IndexOf("]]", start + 2, slice.End - start - 1 < 0 ? 0 : slice.End - start - 1, StringComparison.Ordinal);
        if (close < 0) return false;
        var inner = text.Substring(start + 2, close - start - 2);
        var link = Parse(inner);
        if (link is null) return false;

        var (target, label) = link.Value;
        var currentSpace = processor.Context?.Properties.TryGetValue(SpaceKey, out var s) == true ? s as string : null;
        WikiLinkTarget? resolved = null;
        if (processor.Context?.Properties.TryGetValue(TargetsKey, out var value) == true
            && value is IReadOnlyDictionary<string, WikiLinkTarget> targets)
        {
            targets.TryGetValue(WikiTitles.Key(target.SpaceSlug ?? currentSpace ?? "", target.NormalizedTitle), out resolved);
        }
        var inline = new WikiLinkInline { Target = target, Label = label, Resolved = resolved };
        processor.Inline = inline;
        inline.Span = new Markdig.Syntax.SourceSpan(processor.GetSourcePosition(start, out var line, out var column), close + 1);
        inline.Line = line;
        inline.Column = column;
        slice.Start = close + 2;
        return true;
    }

    /// <summary>Splits the inside of [[...]] into target and label, or null when it is no link.</summary>
    public static (WikiLinkRef Target, string Label)? Parse(string inner)
    {
        if (inner.Contains('[', StringComparison.Ordinal) || inner.Contains(']', StringComparison.Ordinal)
            || inner.Contains('\n', StringComparison.Ordinal) || inner.Contains('\r', StringComparison.Ordinal))
        {
            return null;
        }
        var pipe = inner.IndexOf('|', StringComparison.Ordinal);
        var targetText = (pipe < 0 ? inner : inner[..pipe]).Trim();
        var label = pipe < 0 ? "" : inner[(pipe + 1)..].Trim();
        string? space = null;
        var prefix = SpacePrefix().Match(targetText);
        if (prefix.Success)
        {
            space = prefix.Groups[1].Value;
            targetText = targetText[prefix.Length..].Trim();
        }
        if (targetText.Length is 0 or > Foyer.Data.Wiki.WikiPage.MaxTitleLength) return null;
        if (label.Length == 0) label = targetText;
        return (new WikiLinkRef(space, targetText), label);
    }

    /// <summary>Every [[link]] a text might contain, found before rendering so their targets can be looked up at once.</summary>
    public static IReadOnlyList<WikiLinkRef> FindCandidates(string markdown) =>
        Candidate().Matches(markdown).Select(m => Parse(m.Groups[1].Value)).Where(l => l is not null)
            .Select(l => l!.Value.Target).Distinct().ToList();

    [GeneratedRegex(@"^([a-z0-9][a-z0-9-]{0,89}):(?!//)(?!\s)")]
    private static partial Regex SpacePrefix();

    [GeneratedRegex(@"\[\[([^\[\]\r\n]{1,300})\]\]")]
    private static partial Regex Candidate();
}

internal sealed class WikiLinkRenderer : HtmlObjectRenderer<WikiLinkInline>
{
    protected override void Write(HtmlRenderer renderer, WikiLinkInline obj)
    {
        if (!renderer.EnableHtmlForInline)
        {
            renderer.Write(obj.Label);
            return;
        }
        if (obj.Resolved is null)
        {
            // No known target (an unknown space): the text stays, as written, without a link.
            renderer.Write("<span class=\"wiki-link unresolved\">").WriteEscape(obj.Label).Write("</span>");
            return;
        }
        renderer.Write(obj.Resolved.Missing ? "<a class=\"wiki-link missing\" href=\"" : "<a class=\"wiki-link\" href=\"")
            .WriteEscapeUrl(obj.Resolved.Href).Write("\">").WriteEscape(obj.Label).Write("</a>");
    }
}

public sealed class WikiLinkExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Contains<WikiLinkParser>())
        {
            pipeline.InlineParsers.InsertBefore<LinkInlineParser>(new WikiLinkParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html) html.ObjectRenderers.AddIfNotAlready(new WikiLinkRenderer());
    }
}
