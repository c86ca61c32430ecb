using System.Net;
using System.Text.RegularExpressions;

namespace Foyer.Tests.Infrastructure;

/// <summary>Reads what a person sees on a page: messages, links, ids. Small regular expressions over Foyer's own markup.</summary>
public static partial class Html
{
    /// <summary>The messages of the page's error summary (the validation summary), decoded.</summary>
    public static IReadOnlyList<string> Errors(string html) =>
        ErrorSummary().Matches(html).SelectMany(m => ListItem().Matches(m.Groups[1].Value))
            .Select(li => WebUtility.HtmlDecode(li.Groups[1].Value).Trim()).ToList();

    /// <summary>Ids of the post cards on the page, top to bottom.</summary>
    public static IReadOnlyList<long> PostIds(string html) =>
        PostCard().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The card of one post on a page (empty when the page does not show it).</summary>
    public static string PostCardOf(string html, long id)
    {
        var match = Regex.Match(html, $"<article class=\"post card\" id=\"post-{id}\">.*?</article>", RegexOptions.Singleline);
        return match.Success ? match.Value : "";
    }

    /// <summary>The numbers of the comments on a post page, in page order.</summary>
    public static IReadOnlyList<int> CommentNumbers(string html) =>
        CommentItem().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The one-time invitation link shown on a page, as an absolute path.</summary>
    public static string InvitationPath(string html)
    {
        var match = InviteLink().Match(html);
        if (!match.Success) throw new InvalidOperationException("The page shows no invitation link.");
        return match.Groups[1].Value;
    }

    /// <summary>The content of the element with the given id attribute on the page, up to the first closing tag of its kind.</summary>
    public static string TextareaContent(string html, string id)
    {
        var match = Regex.Match(html, $"<textarea[^>]*id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline);
        if (!match.Success) throw new InvalidOperationException($"The page has no textarea #{id}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<div class=\"errors[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ListItem();

    [GeneratedRegex("<article class=\"post card\" id=\"post-(\\d+)\"")]
    private static partial Regex PostCard();

    [GeneratedRegex("<li class=\"comment\" id=\"comment-(\\d+)\"")]
    private static partial Regex CommentItem();

    [GeneratedRegex(@"value=""https?://[^/""]+(/invite/[A-Za-z0-9_\-]+)""")]
    private static partial Regex InviteLink();
}
