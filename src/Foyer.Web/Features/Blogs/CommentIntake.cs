using System.Net;
using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Features.Accounts;
using Foyer.Web.Features.Blogs.Spam;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.DataProtection;

namespace Foyer.Web.Features.Blogs;

public sealed record CommentSubmission(long ArticleId, long? ParentId, string Markdown, long? AuthorId, int? AccountAgeDays,
    string Name, string Email, string Website, string? Honeypot, DateTime? RenderedAt, IPAddress? RemoteIp);

/// <summary>
/// Every new comment passes here: the in-house spam filter decides whether it is published (and numbered), held for
/// the moderators with its reasons, or dropped without a word to the sender. Nothing leaves the server for the check.
/// </summary>
public sealed class CommentIntake(FoyerDbContext db, SpamFilter filter, CommentRenderer renderer, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly ITimeLimitedDataProtector _stamps = protection.CreateProtector("Foyer.Blogs.CommentForm").ToTimeLimitedDataProtector();

    /// <summary>A tamper-proof note of when the form was shown, so the filter can tell a person from a script.</summary>
    public string FormStamp() =>
        _stamps.Protect(time.GetUtcNow().UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromDays(2));

    public DateTime? ReadStamp(string? stamp)
    {
        if (string.IsNullOrEmpty(stamp) || stamp.Length > 500) return null;
        try
        {
            return new DateTime(long.Parse(_stamps.Unprotect(stamp), System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public async Task<(SpamVerdict Verdict, ArticleComment? Comment)> SubmitAsync(BlogContext blog, CommentSubmission s)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var result = await filter.CheckAsync(new SpamCheckInput(s.Name, s.Email, s.Website.Length == 0 ? null : s.Website, s.Markdown,
            s.RemoteIp, s.RenderedAt ?? now, now, s.Honeypot, IsGuest: s.AuthorId is null, s.AccountAgeDays));
        if (result.Verdict == SpamVerdict.Reject) return (SpamVerdict.Reject, null);

        var html = await renderer.RenderAsync(blog, s.Markdown, guest: s.AuthorId is null);
        var comment = new ArticleComment
        {
            ArticleId = s.ArticleId, ParentId = s.ParentId, AuthorId = s.AuthorId, GuestName = s.AuthorId is null ? s.Name : "",
            GuestEmail = s.AuthorId is null ? s.Email : "", GuestWebsite = s.AuthorId is null ? s.Website : "", Markdown = s.Markdown, Html = html,
            ModerationReasons = string.Join(", ", result.Reasons), SpamProbability = result.SpamProbability,
            RemoteNetwork = s.RemoteIp is null ? "" : LoginThrottle.NetworkKey(s.RemoteIp), CreatedAt = now,
        };
        if (result.Verdict == SpamVerdict.Publish)
        {
            await ArticleComments.PublishAsync(db, comment);
        }
        else
        {
            comment.Status = CommentStatus.Held;
            db.ArticleComments.Add(comment);
            await db.SaveChangesAsync();
        }
        return (result.Verdict, comment);
    }
}

/// <summary>Comment text through the one content pipeline; a guest's comment mentions nobody and links nothing internal.</summary>
public sealed class CommentRenderer(SpaceContentRenderer renderer, ContentPipeline pipeline)
{
    public async Task<string> RenderAsync(BlogContext blog, string markdown, bool guest)
    {
        if (guest) return pipeline.Render(markdown).Html;
        var content = blog.Space is { } space ? await renderer.RenderAsync(space.Space, markdown) : await renderer.RenderForOrganisationAsync(markdown);
        return content.Rendered.Html;
    }
}
