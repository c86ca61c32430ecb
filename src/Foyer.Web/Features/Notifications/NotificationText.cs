using Foyer.Data.Notifications;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Notifications;

/// <summary>What a notification is about, in words: one wording for the bell's list and for notification mails.</summary>
public static class NotificationText
{
    public static string Describe(IStringLocalizer t, NotificationKind kind, string? postText, string? commentText, string? spaceName,
        string? pageTitle, string? articleTitle) => kind switch
    {
        NotificationKind.Mentioned => t["mentioned you: {0}", Excerpt(commentText ?? postText)],
        NotificationKind.Replied => t["replied to your comment: {0}", Excerpt(commentText)],
        NotificationKind.CommentedOnYourPost => t["commented on your post: {0}", Excerpt(commentText)],
        NotificationKind.NewComment => t["commented: {0}", Excerpt(commentText)],
        NotificationKind.NewPost => t["posted in {0}: {1}", spaceName ?? "", Excerpt(postText)],
        NotificationKind.Reacted => t["liked your post or comment: {0}", Excerpt(commentText ?? postText)],
        NotificationKind.AddedToSpace => t["added you to the space {0}", spaceName ?? ""],
        NotificationKind.JoinRequest => t["asks to join {0}", spaceName ?? ""],
        NotificationKind.WatchedPageChanged => t["changed the wiki page {0}", pageTitle ?? ""],
        NotificationKind.CommentHeld => t["wrote a comment that waits for moderation: {0}", articleTitle ?? ""],
        _ => t["did something"],
    };

    /// <summary>The first 80 characters, on one line.</summary>
    public static string Excerpt(string? text)
    {
        var line = OneLine(text ?? "");
        return line.Length <= 80 ? line : line[..80] + "…";
    }

    /// <summary>No line breaks or control characters, spaces collapsed: what goes into a mail header stays one header.</summary>
    public static string OneLine(string value) =>
        string.Join(' ', new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
