using System.ComponentModel.DataAnnotations;
using Foyer.Data.Blogs;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Blogs;

/// <summary>The one check of the guest comment form, with a message for the person.</summary>
public static class GuestInput
{
    public sealed record Problem(int Status, string Message);

    public static Problem? Check(string name, string email, string website, string markdown, IStringLocalizer t)
    {
        if (name.Length == 0) return new(400, t["Please enter your name."]);
        if (name.Length > ArticleComment.MaxNameLength || name.Any(char.IsControl)) return new(400, t["Please enter a name of at most 80 characters."]);
        if (email.Length == 0) return new(400, t["Please enter your e-mail address. It will not be published."]);
        // Line breaks in an address are how mail headers get injected: such an address is never valid.
        if (email.Length > ArticleComment.MaxEmailLength || email.Any(char.IsControl) || !new EmailAddressAttribute().IsValid(email)
            || !email.Contains('.', StringComparison.Ordinal))
        {
            return new(400, t["Please enter a valid e-mail address."]);
        }
        if (website.Length > 0 && (website.Length > ArticleComment.MaxWebsiteLength || website.Any(char.IsControl)
            || !Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return new(400, t["The website must be an address starting with http:// or https://."]);
        }
        if (markdown.Length == 0) return new(400, t["The comment is empty. Write something first."]);
        if (markdown.Length > ArticleComment.MaxMarkdownLength)
        {
            return new(413, t["The comment is too long: {0} characters, at most {1} are allowed.", markdown.Length, ArticleComment.MaxMarkdownLength]);
        }
        return null;
    }
}
