using Microsoft.AspNetCore.Identity;

namespace Foyer.Data.Accounts;

public enum OrgRole
{
    Guest = 0,
    Member = 1,
    Admin = 2,
}

public class User : IdentityUser<long>
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxBioLength = 500;
    public const int MaxHandleLength = 40;

    /// <summary>The @handle used in mentions and profile URLs; unique, lower case.</summary>
    public string Handle { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";
    public OrgRole Role { get; set; } = OrgRole.Member;
    /// <summary>"de" or "en"; empty means: follow the browser, then the organisation.</summary>
    public string Language { get; set; } = "";
    /// <summary>Media providers whose players load without the extra click, space-separated names ("YouTube Vimeo").</summary>
    public string AutoLoadEmbeds { get; set; } = "";
    public Mail.EmailFrequency EmailFrequency { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeactivatedAt { get; set; }
    /// <summary>Set when the account's deletion was asked for (once: a second request finds it set); the work runs in the background.</summary>
    public DateTime? DeletionRequestedAt { get; set; }
    /// <summary>The account was erased: no name, no address, no password; what stays reads "former member".</summary>
    public DateTime? DeletedAt { get; set; }
    /// <summary>First steps: when the person first opened a wiki page (their own progress, shown only to them).</summary>
    public DateTime? WikiFoundAt { get; set; }
    /// <summary>The first-steps tour was put away; null shows it while steps are open.</summary>
    public DateTime? TourDismissedAt { get; set; }
    /// <summary>Contextual tips the person closed, space-separated keys ("wiki mention").</summary>
    public string DismissedTips { get; set; } = "";

    public bool IsGuest => Role == OrgRole.Guest;

    public string Initials => MakeInitials(DisplayName);

    public static string MakeInitials(string displayName)
    {
        var parts = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch
        {
            0 => "?",
            1 => parts[0][..1].ToUpperInvariant(),
            _ => string.Concat(parts[0][..1], parts[^1][..1]).ToUpperInvariant(),
        };
    }
}
