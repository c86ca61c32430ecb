namespace Foyer.Web.Features.Blogs.Spam;

public enum SpamVerdict
{
    /// <summary>Show the comment right away.</summary>
    Publish,
    /// <summary>Keep the comment for a moderator, with the reasons.</summary>
    Hold,
    /// <summary>Drop the comment without telling the sender.</summary>
    Reject,
}

/// <summary>
/// What the filter decided and why. <see cref="Reasons"/> are short stable codes (see <see cref="SpamReasons"/>) for the
/// moderation queue and logs. <see cref="SpamProbability"/> is the classifier's estimate; 1 when a hard rule (honeypot,
/// too fast, repeat) rejected without asking it, 0 for trusted accounts, 0.5 when the filter failed.
/// </summary>
public sealed record SpamResult(SpamVerdict Verdict, IReadOnlyList<string> Reasons, double SpamProbability);

/// <summary>The reason codes of <see cref="SpamResult.Reasons"/>. Codes with a colon carry a value after it.</summary>
public static class SpamReasons
{
    public const string Trusted = "trusted";
    public const string Honeypot = "honeypot";
    public const string TooFast = "too-fast";
    public const string FormStale = "form-stale";
    public const string RateIp = "rate-ip";
    public const string RateEmail = "rate-email";
    public const string Repeat = "repeat";
    public const string FilterError = "filter-error";
    public const string LinksPrefix = "links:";
    public const string PhrasePrefix = "phrase:";
    public const string ClassifierPrefix = "classifier:";
}
