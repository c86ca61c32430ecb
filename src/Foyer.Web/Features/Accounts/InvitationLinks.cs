using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Web.Infrastructure.Security;

namespace Foyer.Web.Features.Accounts;

public static class InvitationLinks
{
    /// <summary>Stores an invitation (only the token's hash) and returns the path of its one-time link.</summary>
    public static async Task<(string Path, DateTime ExpiresAt)> CreateAsync(FoyerDbContext db, ITokenGenerator tokens, TimeProvider time,
        InvitationOptions options, long createdBy, string email, OrgRole role, long? spaceId)
    {
        var token = tokens.NewToken();
        var now = time.GetUtcNow().UtcDateTime;
        var invitation = new Invitation
        {
            TokenHash = TokenGenerator.Hash(token), Email = email, Role = role, SpaceId = spaceId,
            CreatedById = createdBy, CreatedAt = now, ExpiresAt = now.AddDays(options.ValidDays),
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return ($"/invite/{token}", invitation.ExpiresAt);
    }
}
