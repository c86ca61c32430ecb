using Foyer.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Privacy;

public enum DataExportState
{
    Queued = 0,
    Running = 1,
    Ready = 2,
    Failed = 3,
    /// <summary>The file was removed after its download period.</summary>
    Expired = 4,
}

/// <summary>A person's copy of their data (GDPR Art. 15 and 20), prepared in the background.</summary>
public class DataExport
{
    public long Id { get; set; }
    public long UserId { get; set; }
    /// <summary>The person themselves, or an admin acting on their behalf (then the audit log says so).</summary>
    public long RequestedById { get; set; }
    public DateTime RequestedAt { get; set; }
    public DataExportState State { get; set; }
    /// <summary>0..100, updated while the archive is written.</summary>
    public int Progress { get; set; }
    public string? StorageKey { get; set; }
    public long SizeBytes { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public string? Error { get; set; }

    public User? User { get; set; }
}

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> b)
    {
        b.Property(e => e.StorageKey).HasMaxLength(200);
        b.Property(e => e.Error).HasMaxLength(500);
        b.HasIndex(e => new { e.UserId, e.Id });
        // At most one export in the making per person: a second request at the same moment fails on this index.
        b.HasIndex(e => e.UserId).IsUnique().HasFilter("\"State\" IN (0, 1)").HasDatabaseName("IX_DataExports_UserId_Active");
        b.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
