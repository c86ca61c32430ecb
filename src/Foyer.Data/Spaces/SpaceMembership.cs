using Foyer.Data.Accounts;

namespace Foyer.Data.Spaces;

public enum SpaceRole
{
    Member = 0,
    Admin = 1,
}

public class SpaceMembership
{
    public long SpaceId { get; set; }
    public long UserId { get; set; }
    public SpaceRole Role { get; set; }
    public DateTime JoinedAt { get; set; }

    public Space? Space { get; set; }
    public User? User { get; set; }
}

public class SpaceJoinRequest
{
    public long Id { get; set; }
    public long SpaceId { get; set; }
    public long UserId { get; set; }
    public string Message { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public Space? Space { get; set; }
    public User? User { get; set; }
}
