namespace Foyer.Data.Accounts;

/// <summary>A one-time link. Only the SHA-256 of the token is stored, so a database leak reveals no usable link.</summary>
public class Invitation
{
    public long Id { get; set; }
    public byte[] TokenHash { get; set; } = [];
    public string Email { get; set; } = "";
    public OrgRole Role { get; set; } = OrgRole.Member;
    /// <summary>For guests: the space they are added to when they accept.</summary>
    public long? SpaceId { get; set; }
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public long? AcceptedById { get; set; }
    public DateTime? RevokedAt { get; set; }
}
