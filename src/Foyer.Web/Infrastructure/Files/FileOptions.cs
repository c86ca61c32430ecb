namespace Foyer.Web.Infrastructure.Files;

/// <summary>Limits and storage for uploaded files (section "Files" of the configuration).</summary>
public sealed class FileOptions
{
    /// <summary>Largest single file, in bytes (default 25 MB).</summary>
    public long MaxBytes { get; set; } = 25L * 1024 * 1024;
    /// <summary>Most files on one post, comment, wiki page or article.</summary>
    public int MaxFilesPerItem { get; set; } = 10;
    /// <summary>Largest image Foyer will decode, in pixels (width × height); bigger ones are refused as a pixel flood.</summary>
    public long MaxImagePixels { get; set; } = 40_000_000;
    /// <summary>Longest side of an image Foyer will decode.</summary>
    public int MaxImageSide { get; set; } = 12_000;
    /// <summary>Longest side of the thumbnails shown in pages.</summary>
    public int ThumbnailSide { get; set; } = 480;
    /// <summary>"Local" (the default: a folder on this machine) or "S3" (any S3-compatible object store).</summary>
    public string Storage { get; set; } = "Local";
    /// <summary>Folder of the local storage; relative paths start at the working directory, like the database's.</summary>
    public string Path { get; set; } = "data/files";
    public S3StorageOptions S3 { get; set; } = new();
}

public sealed class S3StorageOptions
{
    /// <summary>The store's address, e.g. https://s3.eu-central-1.amazonaws.com or http://minio.internal:9000.</summary>
    public string ServiceUrl { get; set; } = "";
    public string Bucket { get; set; } = "";
    public string Region { get; set; } = "us-east-1";
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    /// <summary>Address buckets as a path (needed by most S3-compatible stores other than AWS).</summary>
    public bool ForcePathStyle { get; set; } = true;
}
