using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Privacy;

public enum RetentionKind
{
    /// <summary>Posts (with their comments) in the sandbox space.</summary>
    SandboxContent = 0,
    /// <summary>The e-mail addresses guests left with blog comments (the comments stay).</summary>
    GuestCommentEmails = 1,
    AuditLog = 2,
    /// <summary>Posts and comments deleted by their authors (kept for undo and moderation until then).</summary>
    DeletedContent = 3,
    /// <summary>Notifications that were read.</summary>
    ReadNotifications = 4,
    /// <summary>Sent mails kept for delivery checks.</summary>
    SentMails = 5,
}

/// <summary>How long one kind of data is kept; a daily job deletes what is older. Null days: kept for ever.</summary>
public class RetentionRule
{
    public RetentionKind Kind { get; set; }
    public int? Days { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public long? UpdatedById { get; set; }
    public DateTime? LastAppliedAt { get; set; }
    public int LastDeleted { get; set; }

    /// <summary>The rules a new installation starts with.</summary>
    public static IReadOnlyDictionary<RetentionKind, int?> Defaults { get; } = new Dictionary<RetentionKind, int?>
    {
        [RetentionKind.SandboxContent] = 7,
        [RetentionKind.GuestCommentEmails] = 365,
        [RetentionKind.AuditLog] = 730,
        [RetentionKind.DeletedContent] = 30,
        [RetentionKind.ReadNotifications] = 180,
        [RetentionKind.SentMails] = 90,
    };
}

internal sealed class RetentionRuleConfiguration : IEntityTypeConfiguration<RetentionRule>
{
    public void Configure(EntityTypeBuilder<RetentionRule> b)
    {
        b.HasKey(r => r.Kind);
        b.Property(r => r.Kind).ValueGeneratedNever();
    }
}
