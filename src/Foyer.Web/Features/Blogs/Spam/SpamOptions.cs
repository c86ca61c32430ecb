namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>Settings of the blog comment spam filter, section "Spam". The defaults suit a small blog.</summary>
public sealed class SpamOptions
{
    public const string Section = "Spam";

    /// <summary>Accounts at least this many days old skip the filter; guests and newer accounts go through it.</summary>
    public int TrustedAccountAgeDays { get; set; } = 7;

    /// <summary>Forms sent back faster than this after rendering come from bots: rejected.</summary>
    public double MinSecondsToSubmit { get; set; } = 3;

    /// <summary>Forms older than this are held: a harvested form replayed later, or a tab left open for days.</summary>
    public double MaxFormAgeHours { get; set; } = 72;

    /// <summary>Comments with at least this many links are held, as WordPress does.</summary>
    public int LinksToHold { get; set; } = 2;

    /// <summary>Comments per network (one IPv4 address, one IPv6 /64) within <see cref="RateWindowMinutes"/>.</summary>
    public int MaxPerIp { get; set; } = 5;

    /// <summary>Comments per e-mail address within <see cref="RateWindowMinutes"/>.</summary>
    public int MaxPerEmail { get; set; } = 5;

    public int RateWindowMinutes { get; set; } = 10;

    /// <summary>Beyond this multiple of a rate limit comments are rejected instead of held.</summary>
    public int RateRejectFactor { get; set; } = 3;

    /// <summary>The same text again from the same address or network within this time is rejected.</summary>
    public double RepeatWindowHours { get; set; } = 24;

    /// <summary>Texts shorter than this ("Danke!") may be repeated.</summary>
    public int RepeatMinLength { get; set; } = 12;

    /// <summary>Whether the built-in list of known spam phrases is used (besides <see cref="Phrases"/>).</summary>
    public bool UseBuiltInPhrases { get; set; } = true;

    /// <summary>More known spam phrases with their weights; a weight of 0 switches off a built-in phrase.</summary>
    public Dictionary<string, double> Phrases { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Summed phrase weight from which a comment is held.</summary>
    public double PhraseHoldWeight { get; set; } = 1;

    /// <summary>Summed phrase weight from which a comment is rejected.</summary>
    public double PhraseRejectWeight { get; set; } = 3;

    /// <summary>Classifier spam probability from which a comment is held.</summary>
    public double HoldThreshold { get; set; } = 0.9;

    /// <summary>Classifier spam probability from which a comment is rejected.</summary>
    public double RejectThreshold { get; set; } = 0.995;

    /// <summary>Train an empty model from the built-in starter corpus on first use.</summary>
    public bool SeedStarterModel { get; set; } = true;

    /// <summary>The first problem with these settings, or null when they make sense.</summary>
    public string? Problem()
    {
        if (TrustedAccountAgeDays < 0) return "Spam:TrustedAccountAgeDays must not be negative.";
        if (MinSecondsToSubmit < 0 || MaxFormAgeHours * 3600 <= MinSecondsToSubmit) return "Spam:MinSecondsToSubmit must be at least 0 and below MaxFormAgeHours.";
        if (LinksToHold < 1) return "Spam:LinksToHold must be at least 1.";
        if (MaxPerIp < 1 || MaxPerEmail < 1 || RateWindowMinutes < 1 || RateRejectFactor < 1) return "Spam rate limits, their window and RateRejectFactor must be at least 1.";
        if (RepeatWindowHours < 0 || RepeatMinLength < 0) return "Spam:RepeatWindowHours and RepeatMinLength must not be negative.";
        if (PhraseHoldWeight <= 0 || PhraseRejectWeight < PhraseHoldWeight) return "Spam:PhraseHoldWeight must be positive and at most PhraseRejectWeight.";
        if (Phrases.Any(p => string.IsNullOrWhiteSpace(p.Key) || p.Value < 0)) return "Spam:Phrases need a text and a weight of at least 0.";
        if (HoldThreshold is <= 0 or > 1 || RejectThreshold < HoldThreshold || RejectThreshold > 1) return "Spam thresholds need 0 < HoldThreshold <= RejectThreshold <= 1.";
        return null;
    }
}
