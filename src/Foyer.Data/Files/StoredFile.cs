using Foyer.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Files;

/// <summary>What a file is attached to. Its readers are the readers of that item; a pending file only its uploader.</summary>
public enum FileOwnerKind
{
    /// <summary>Uploaded with a form that has not been saved yet (a preview, an error): only the uploader sees it.</summary>
    Pending = 0,
    Post = 1,
    Comment = 2,
    WikiPage = 3,
    Article = 4,
}

/// <summary>An uploaded file. Its bytes live in the file storage under <see cref="StorageKey"/>, never in the database.</summary>
public class StoredFile
{
    public const int MaxFileNameLength = 200;

    public long Id { get; set; }
    /// <summary>The unguessable part of the download URL (192 random bits). Knowing it is not enough: every download checks the reader.</summary>
    public string PublicId { get; set; } = "";
    public long UploadedById { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The name as uploaded, cleaned of paths and control characters.</summary>
    public string FileName { get; set; } = "";
    /// <summary>The type Foyer found by looking at the bytes, not the one the browser claimed.</summary>
    public string ContentType { get; set; } = "application/octet-stream";
    public long Length { get; set; }
    public string StorageKey { get; set; } = "";
    /// <summary>Images only: a small re-encoded copy for pages and cards.</summary>
    public string? ThumbnailKey { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public FileOwnerKind OwnerKind { get; set; }
    public long? OwnerId { get; set; }

    public User? UploadedBy { get; set; }

    public bool IsImage => ThumbnailKey is not null;
}

public sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.Property(f => f.PublicId).HasMaxLength(40);
        builder.HasIndex(f => f.PublicId).IsUnique();
        builder.Property(f => f.FileName).HasMaxLength(StoredFile.MaxFileNameLength);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.StorageKey).HasMaxLength(100);
        builder.Property(f => f.ThumbnailKey).HasMaxLength(100);
        builder.HasIndex(f => new { f.OwnerKind, f.OwnerId });
        builder.HasIndex(f => new { f.UploadedById, f.OwnerKind });
        builder.HasOne(f => f.UploadedBy).WithMany().HasForeignKey(f => f.UploadedById).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(f => f.IsImage);
    }
}
