namespace Foyer.Data.Spaces;

public enum SpaceVisibility
{
    /// <summary>Every member of the organisation sees it and may join.</summary>
    Open = 0,
    /// <summary>Listed in the directory; content for members only; join by request or invitation.</summary>
    Closed = 1,
    /// <summary>Invisible to everyone who is not a member.</summary>
    Secret = 2,
}

public class Space
{
    public const int MaxNameLength = 80;
    public const int MaxDescriptionLength = 1000;

    public long Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Upper-invariant name: "Ensemble" and "ensemble" cannot both exist among the spaces a person can see.</summary>
    public string NormalizedName { get; set; } = "";
    public string Description { get; set; } = "";
    public SpaceVisibility Visibility { get; set; }
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ArchivedAt { get; set; }
    /// <summary>
    /// The practice space ("Spielwiese"): members only, posts expire (retention rule), never in search, mail or insights.
    /// One per organisation.
    /// </summary>
    public bool IsSandbox { get; set; }

    public List<SpaceMembership> Members { get; set; } = [];
}
