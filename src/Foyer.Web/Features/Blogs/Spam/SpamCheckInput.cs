using System.Net;

namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>
/// One comment submission as the spam filter sees it.
/// </summary>
/// <param name="Name">The name the commenter gave (or the account's display name).</param>
/// <param name="Email">The e-mail address the commenter gave; may be empty.</param>
/// <param name="Website">The website the commenter gave, if any.</param>
/// <param name="Text">The comment's Markdown.</param>
/// <param name="RemoteIp">Where the request came from (after forwarded headers), if known.</param>
/// <param name="RenderedAt">When the form was rendered (UTC), from a signed or opaque form timestamp the caller validated.</param>
/// <param name="SubmittedAt">When the form came back (UTC).</param>
/// <param name="HoneypotValue">The value of the hidden field people never see; anything in it means a bot.</param>
/// <param name="IsGuest">True for comments without an account.</param>
/// <param name="AccountAgeDays">Age of the commenter's account in days; null for guests.</param>
public sealed record SpamCheckInput(
    string Name,
    string Email,
    string? Website,
    string Text,
    IPAddress? RemoteIp,
    DateTime RenderedAt,
    DateTime SubmittedAt,
    string? HoneypotValue,
    bool IsGuest,
    int? AccountAgeDays)
{
    /// <summary>The parts of the submission the classifier looks at, for checking and for moderators' training.</summary>
    public SpamDocument ToDocument() => new(Text, Name, Email, Website);
}

/// <summary>The parts of a comment the classifier learns from and scores.</summary>
public sealed record SpamDocument(string Text, string? Name = null, string? Email = null, string? Website = null);
