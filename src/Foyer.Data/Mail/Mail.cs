using Foyer.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Mail;

/// <summary>How often a person gets notification mails.</summary>
public enum EmailFrequency
{
    /// <summary>Soon after it happens (what arrives within a few minutes comes in one mail).</summary>
    Immediately = 0,
    Daily = 1,
    Weekly = 2,
    Never = 3,
}

public enum SubscriptionMode
{
    /// <summary>Hear about every new post (space) or every new comment (thread).</summary>
    Follow = 1,
    /// <summary>Hear nothing from it, not even replies and mentions.</summary>
    Mute = 2,
}

/// <summary>A person following or muting a space or one thread (a post and its comments).</summary>
public class Subscription
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public long? SpaceId { get; set; }
    public long? PostId { get; set; }
    public SubscriptionMode Mode { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum OutgoingMailStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>Gave up after the last retry; shown to admins with the error.</summary>
    Failed = 2,
}

/// <summary>
/// A mail as it will be sent, stored before it is sent: the idempotency key keeps the same mail from being queued
/// twice, the status from being sent twice.
/// </summary>
public class OutgoingMail
{
    public long Id { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public long? UserId { get; set; }
    public string ToAddress { get; set; } = "";
    public string Subject { get; set; } = "";
    public string MessageId { get; set; } = "";
    /// <summary>The complete MIME message.</summary>
    public string Mime { get; set; } = "";
    public OutgoingMailStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    public User? User { get; set; }
}

public sealed class MailConfiguration : IEntityTypeConfiguration<Subscription>, IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.HasIndex(s => new { s.UserId, s.SpaceId, s.PostId }).IsUnique();
        builder.HasIndex(s => new { s.SpaceId, s.Mode });
        builder.HasIndex(s => new { s.PostId, s.Mode });
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Spaces.Space>().WithMany().HasForeignKey(s => s.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Stream.Post>().WithMany().HasForeignKey(s => s.PostId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.Property(m => m.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
        builder.Property(m => m.ToAddress).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.MessageId).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasIndex(m => new { m.Status, m.Id });
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
