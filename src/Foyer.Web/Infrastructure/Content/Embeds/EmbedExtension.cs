using System.Text.RegularExpressions;
using Markdig;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Foyer.Web.Infrastructure.Content.Embeds;

/// <summary>A media embed: a recognised link alone on a line, or a legacy shortcode (possibly of a vanished provider).</summary>
public sealed class EmbedBlock(BlockParser? parser) : LeafBlock(parser)
{
    public EmbedMatch? Match { get; init; }
    /// <summary>What was written, for the "no longer available" card of shortcodes that lead nowhere.</summary>
    public string Original { get; init; } = "";
    /// <summary>A link to any other page, alone on its line: shown as a link card.</summary>
    public string? CardUrl { get; init; }
    /// <summary>Signed address of the link's snapshot (title, thumbnail); the page fills it in from Foyer, never from the provider.</summary>
    public string? PreviewToken { get; set; }
    /// <summary>The address the snapshot is about.</summary>
    public string? PreviewUrl => Match?.OriginalUrl ?? CardUrl;
}

/// <summary>
/// Legacy shortcodes on a line of their own, as WordPress wrote them: [youtube URL], [vimeo ID], [dailymotion ID],
/// [embed]URL[/embed], [video src=URL], [blip.tv ?posts_id=...]. They become the same embed as the link, or a clear card.
/// </summary>
public sealed partial class ShortcodeParser : BlockParser
{
    public ShortcodeParser() => OpeningCharacters = ['['];

    public override BlockState TryOpen(BlockProcessor processor)
    {
        if (processor.IsCodeIndent) return BlockState.None;
        var line = processor.Line.ToString().Trim();
        var m = Shortcode().Match(line);
        if (!m.Success) return BlockState.None;
        var kind = m.Groups["kind"].Value.ToLowerInvariant();
        var argument = (m.Groups["arg"].Success ? m.Groups["arg"].Value : m.Groups["inner"].Value).Trim().Trim('"', '\'');
        if (argument.StartsWith("src=", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("url=", StringComparison.OrdinalIgnoreCase))
        {
            argument = argument[4..].Trim('"', '\'');
        }
        var url = kind switch
        {
            "vimeo" when argument.All(char.IsDigit) => "https://vimeo.com/" + argument,
            "youtube" when argument.Length == 11 && !argument.Contains('/', StringComparison.Ordinal) => "https://www.youtube.com/watch?v=" + argument,
            "dailymotion" when !argument.Contains('/', StringComparison.Ordinal) => "https://www.dailymotion.com/video/" + argument,
            _ => argument,
        };
        processor.NewBlocks.Push(new EmbedBlock(this) { Match = EmbedProviders.Recognise(url), Original = line, Line = processor.LineIndex, Column = processor.Column });
        return BlockState.BreakDiscard;
    }

    [GeneratedRegex(@"^\[(?<kind>youtube|vimeo|dailymotion|embed|video|blip\.tv|bliptv|soundcloud)(?:\s+(?<arg>[^\]]+))?\](?:(?<inner>[^\[]*)\[/(?:embed|video)\])?$", RegexOptions.IgnoreCase)]
    private static partial Regex Shortcode();
}

internal sealed class EmbedRenderer : HtmlObjectRenderer<EmbedBlock>
{
    protected override void Write(HtmlRenderer renderer, EmbedBlock block)
    {
        if (!renderer.EnableHtmlForBlock)
        {
            renderer.WriteLine(block.Match?.OriginalUrl ?? block.CardUrl ?? block.Original);
            return;
        }
        if (block.CardUrl is { } card)
        {
            renderer.Write("<figure class=\"link-card\"");
            if (block.PreviewToken is { } cardToken) renderer.Write(" data-preview=\"").WriteEscape(cardToken).Write("\"");
            renderer.Write("><a class=\"link-card-url\" href=\"").WriteEscapeUrl(card).Write("\">").WriteEscape(card).WriteLine("</a></figure>");
            return;
        }
        // The stored HTML carries both languages; the page's language shows one (see site.css).
        if (block.Match is not { } m)
        {
            renderer.Write("<figure class=\"embed gone\"><p><span lang=\"de\">Video nicht mehr verfügbar:</span><span lang=\"en\">Video no longer available:</span> <code>")
                .WriteEscape(block.Original).WriteLine("</code></p></figure>");
            return;
        }
        renderer.Write("<figure class=\"embed\" data-provider=\"").WriteEscape(m.Provider.Name).Write("\" data-embed-src=\"").WriteEscapeUrl(m.PlayerUrl).Write("\"");
        if (block.PreviewToken is { } token) renderer.Write(" data-preview=\"").WriteEscape(token).Write("\"");
        renderer.Write(">");
        renderer.Write("<p class=\"embed-notice\"><span lang=\"de\">Video bei ").WriteEscape(m.Provider.Name)
            .Write(". Erst beim Laden gehen Daten an ").WriteEscape(m.Provider.Name).Write(" (</span><span lang=\"en\">Video on ").WriteEscape(m.Provider.Name)
            .Write(". Data goes to ").WriteEscape(m.Provider.Name).Write(" only once you load it (</span><a href=\"").WriteEscapeUrl(m.Provider.PrivacyPolicyUrl)
            .Write("\"><span lang=\"de\">Datenschutz</span><span lang=\"en\">privacy policy</span></a>).</p>");
        renderer.Write("<p><a class=\"embed-load\" href=\"").WriteEscapeUrl(m.OriginalUrl).Write("\"><span lang=\"de\">Video von ").WriteEscape(m.Provider.Name)
            .Write(" laden</span><span lang=\"en\">Load video from ").WriteEscape(m.Provider.Name).Write("</span></a></p>");
        renderer.Write("<figcaption><a href=\"").WriteEscapeUrl(m.OriginalUrl).Write("\">").WriteEscape(m.OriginalUrl).WriteLine("</a></figcaption></figure>");
    }
}

/// <summary>Turns media links alone on a line, and legacy shortcodes, into two-click embeds.</summary>
public sealed class EmbedExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.BlockParsers.Contains<ShortcodeParser>()) pipeline.BlockParsers.Insert(0, new ShortcodeParser());
        pipeline.DocumentProcessed -= ReplaceLoneLinks;
        pipeline.DocumentProcessed += ReplaceLoneLinks;
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html) html.ObjectRenderers.AddIfNotAlready(new EmbedRenderer());
    }

    /// <summary>Any other web page may become a card: http(s), no credentials in the address, not too long.</summary>
    private static bool IsCardable(string url) =>
        url.Length <= Foyer.Data.Links.LinkPreview.MaxUrlLength && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.UserInfo);

    /// <summary>A top-level paragraph that is nothing but one link becomes its embed, or a link card for any other page.</summary>
    private static void ReplaceLoneLinks(MarkdownDocument document)
    {
        for (var i = 0; i < document.Count; i++)
        {
            if (document[i] is not ParagraphBlock { Inline: { } inline } paragraph) continue;
            var children = inline.Where(c => c is not LiteralInline l || !l.Content.IsEmptyOrWhitespace()).ToList();
            if (children is not [LinkInline { IsImage: false } link] || link.Url is null) continue;
            var label = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
            if (!link.IsAutoLink && label != link.Url) continue;
            var match = EmbedProviders.Recognise(link.Url);
            if (match is not null)
            {
                document[i] = new EmbedBlock(null) { Match = match, Original = link.Url, Line = paragraph.Line, Column = paragraph.Column };
            }
            else if (IsCardable(link.Url))
            {
                document[i] = new EmbedBlock(null) { CardUrl = link.Url, Original = link.Url, Line = paragraph.Line, Column = paragraph.Column };
            }
        }
    }
}
