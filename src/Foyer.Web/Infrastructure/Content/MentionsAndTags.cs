using System.Globalization;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace Foyer.Web.Infrastructure.Content;

/// <summary>A person the author may address, found before rendering so the parser only links real, reachable people.</summary>
public sealed record MentionTarget(long UserId, string Handle, string DisplayName);

public sealed class MentionInline : LeafInline
{
    public required MentionTarget Target { get; init; }
}

public sealed class TagInline : LeafInline
{
    public required string Name { get; init; }
    public required string Display { get; init; }
}

/// <summary>
/// Parses "@handle" (only when the handle is in the mention set handed in through the parser context) and "#tag".
/// Both need a boundary before them, so e-mail addresses and URL fragments stay text; code spans and blocks are
/// never parsed for inlines, so examples in code stay literal.
/// </summary>
public sealed class MentionAndTagParser : InlineParser
{
    public const string MentionsKey = "foyer.mentions";

    public MentionAndTagParser() => OpeningCharacters = ['@', '#'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var previous = slice.PeekCharExtra(-1);
        if (previous != '\0' && (char.IsLetterOrDigit(previous) || previous is '_' or '/' or '&' or '@' or '#' or '.'))
        {
            return false;
        }
        var marker = slice.CurrentChar;
        var start = slice.Start;
        var text = slice.Text;
        var i = start + 1;
        while (i <= slice.End && IsWordChar(text[i], marker)) i++;
        // A handle or tag never ends in a dot or hyphen: "@anna." ends a sentence.
        while (i > start + 1 && text[i - 1] is '.' or '-') i--;
        var word = text.Substring(start + 1, i - start - 1);
        if (word.Length == 0) return false;

        Inline inline;
        if (marker == '@')
        {
            if (processor.Context?.Properties.TryGetValue(MentionsKey, out var value) != true
                || value is not IReadOnlyDictionary<string, MentionTarget> known
                || !known.TryGetValue(word.ToLowerInvariant(), out var target))
            {
                return false;
            }
            inline = new MentionInline { Target = target };
        }
        else
        {
            var name = TagNames.Normalize(word);
            if (name is null) return false;
            inline = new TagInline { Name = name, Display = word };
        }
        processor.Inline = inline;
        inline.Span = new Markdig.Syntax.SourceSpan(processor.GetSourcePosition(start, out var line, out var column), i - 1);
        inline.Line = line;
        inline.Column = column;
        slice.Start = i;
        return true;
    }

    private static bool IsWordChar(char c, char marker) =>
        char.IsLetterOrDigit(c) || c == '_' || (marker == '@' ? c is '.' or '-' : c == '-');
}

public static class TagNames
{
    /// <summary>Lower-case tag name, or null when the word is no tag (no letter, too long: "#1" is a number).</summary>
    public static string? Normalize(string word)
    {
        var trimmed = word.Trim().TrimStart('#');
        if (trimmed.Length is 0 or > Foyer.Data.Stream.Tag.MaxNameLength) return null;
        if (!trimmed.Any(char.IsLetter)) return null;
        if (!trimmed.All(c => char.IsLetterOrDigit(c) || c is '_' or '-')) return null;
        return trimmed.ToLower(CultureInfo.InvariantCulture);
    }
}

internal sealed class MentionRenderer : HtmlObjectRenderer<MentionInline>
{
    protected override void Write(HtmlRenderer renderer, MentionInline obj)
    {
        if (!renderer.EnableHtmlForInline)
        {
            renderer.Write('@').Write(obj.Target.Handle);
            return;
        }
        renderer.Write("<a class=\"mention\" href=\"/people/").WriteEscapeUrl(obj.Target.Handle).Write("\">@")
            .WriteEscape(obj.Target.Handle).Write("</a>");
    }
}

internal sealed class TagRenderer : HtmlObjectRenderer<TagInline>
{
    protected override void Write(HtmlRenderer renderer, TagInline obj)
    {
        if (!renderer.EnableHtmlForInline)
        {
            renderer.Write('#').Write(obj.Display);
            return;
        }
        renderer.Write("<a class=\"tag\" href=\"/tags/").WriteEscapeUrl(Uri.EscapeDataString(obj.Name)).Write("\">#")
            .WriteEscape(obj.Display).Write("</a>");
    }
}

public sealed class MentionAndTagExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Contains<MentionAndTagParser>())
        {
            pipeline.InlineParsers.Add(new MentionAndTagParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.AddIfNotAlready(new MentionRenderer());
            html.ObjectRenderers.AddIfNotAlready(new TagRenderer());
        }
    }
}
