using Foyer.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Privacy;

public enum AuditAction
{
    RoleChanged = 0,
    AccountDeactivated = 1,
    AccountReactivated = 2,
    SpaceVisibilityChanged = 3,
    ExportForSomeoneElse = 4,
    AccountDeletionRequested = 5,
    AccountDeleted = 6,
    ContentMadePublic = 7,
    InsightsViewed = 8,
    RetentionRuleChanged = 9,
    RetentionApplied = 10,
    InsightsSettingsChanged = 11,
    PersonalStatisticsSwitched = 12,
    ContentDeletedByAdmin = 13,
}

/// <summary>
/// One admin action, append-only. It names people and things by id only (never by name or address), so erasing an
/// account leaves no personal data here: the actor's id then reads as "former member".
/// </summary>
public class AuditEntry
{
    public const int MaxDetailsLength = 1000;

    public long Id { get; set; }
    public DateTime At { get; set; }
    public long? ActorId { get; set; }
    public AuditAction Action { get; set; }
    /// <summary>What it was done to: "user:12", "space:3", "article:7", "organisation".</summary>
    public string Target { get; set; } = "";
    /// <summary>Machine-readable facts ("role=Admin", "from=Open to=Secret"), no names.</summary>
    public string Details { get; set; } = "";

    public User? Actor { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Target).HasMaxLength(100);
        b.Property(a => a.Details).HasMaxLength(AuditEntry.MaxDetailsLength);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.Action, a.At });
        b.HasOne(a => a.Actor).WithMany().HasForeignKey(a => a.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}
