using System.Globalization;
using Foyer.Data;
using Foyer.Data.Privacy;

namespace Foyer.Web.Features.Privacy;

/// <summary>Records admin actions. Entries name people by id only, so an erased account leaves nothing personal behind here.</summary>
public static class AuditLog
{
    /// <summary>Adds an entry to the caller's unit of work: it is stored with the change it describes, or not at all.</summary>
    public static AuditEntry Record(FoyerDbContext db, long? actorId, AuditAction action, string target, string details, DateTime now)
    {
        var entry = new AuditEntry
        {
            At = now, ActorId = actorId, Action = action, Target = target.Length > 100 ? target[..100] : target,
            Details = details.Length > AuditEntry.MaxDetailsLength ? details[..AuditEntry.MaxDetailsLength] : details,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public static string User(long id) => string.Create(CultureInfo.InvariantCulture, $"user:{id}");
    public static string Space(long id) => string.Create(CultureInfo.InvariantCulture, $"space:{id}");
    public static string Article(long id) => string.Create(CultureInfo.InvariantCulture, $"article:{id}");
    public const string Organisation = "organisation";
}
