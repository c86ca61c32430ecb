using Foyer.Data.Wiki;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Wiki;

/// <summary>The one check of what someone typed into the page editor, with a message for them.</summary>
public static class WikiInput
{
    public sealed record Problem(int Status, string Message);

    public static Problem? Check(string title, string markdown, string summary, IStringLocalizer t)
    {
        if (title.Length == 0) return new(400, t["The page needs a title."]);
        if (title.Length > WikiPage.MaxTitleLength) return new(400, t["The title is too long: at most {0} characters.", WikiPage.MaxTitleLength]);
        if (title.Contains('[', StringComparison.Ordinal) || title.Contains(']', StringComparison.Ordinal) || title.Contains('|', StringComparison.Ordinal))
        {
            return new(400, t["A title cannot contain [ ] or |, because links to the page are written with them."]);
        }
        if (markdown.Length > WikiPage.MaxMarkdownLength)
        {
            return new(413, t["The page is too long: {0} characters, at most {1} are allowed. Split it into subpages.", markdown.Length, WikiPage.MaxMarkdownLength]);
        }
        if (summary.Length > 300) return new(400, t["The summary is too long: at most 300 characters."]);
        return null;
    }
}
