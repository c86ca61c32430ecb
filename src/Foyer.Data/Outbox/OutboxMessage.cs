using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Outbox;

/// <summary>
/// Work to do after a change, written in the same transaction as the change, done by a background dispatcher:
/// retried with backoff, claimed by one node at a time, kept with its last error when it finally fails.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>Which handler does the work ("link-preview", later mail and search).</summary>
    public string Topic { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Not before this time (backoff after a failure).</summary>
    public DateTime AvailableAt { get; set; }
    /// <summary>A node working on it holds it until then; after a crash another node takes it over.</summary>
    public DateTime? LockedUntil { get; set; }
    public int Attempts { get; set; }
    public DateTime? ProcessedAt { get; set; }
    /// <summary>Gave up after the last attempt (visible to admins with its error).</summary>
    public bool Failed { get; set; }
    public string? LastError { get; set; }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Topic).HasMaxLength(50);
        builder.Property(m => m.Payload).HasMaxLength(4000);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasIndex(m => new { m.ProcessedAt, m.AvailableAt });
    }
}
