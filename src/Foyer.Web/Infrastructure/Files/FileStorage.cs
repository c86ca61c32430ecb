using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Infrastructure.Files;

/// <summary>Where the bytes of uploaded files live. Keys are made by Foyer (lowercase letters, digits, one slash).</summary>
public interface IFileStorage
{
    Task SaveAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);
    /// <summary>The stored bytes, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

public static partial class StorageKeys
{
    /// <summary>A fresh key: two characters of fan-out, then 32 random hex characters.</summary>
    public static string New()
    {
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        return $"{hex[..2]}/{hex}";
    }

    public static void Check(string key)
    {
        if (!KeyShape().IsMatch(key)) throw new ArgumentException("not a storage key Foyer made", nameof(key));
    }

    [GeneratedRegex("^[a-z0-9]{2}/[a-z0-9]{32}(?:-[a-z]{1,10})?$")]
    private static partial Regex KeyShape();
}

/// <summary>The default: files in a folder on this machine (written to a temporary name first, then moved).</summary>
public sealed class LocalFileStorage : IFileStorage
{
    private readonly string _root;

    public LocalFileStorage(IOptions<FileOptions> options)
    {
        _root = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(_root);
    }

    private string PathOf(string key)
    {
        StorageKeys.Check(key);
        return System.IO.Path.Combine(_root, key.Replace('/', System.IO.Path.DirectorySeparatorChar));
    }

    public async Task SaveAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        await using (var file = new FileStream(temp, FileMode.Create, System.IO.FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(file, cancellationToken);
        }
        File.Move(temp, path, overwrite: true);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path) ? new FileStream(path, FileMode.Open, System.IO.FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(key)); // no error when it is already gone
        return Task.CompletedTask;
    }
}

/// <summary>Any S3-compatible object store (AWS S3, MinIO, Ceph, Garage, ...), chosen with Files:Storage = "S3".</summary>
public sealed class S3FileStorage(IOptions<FileOptions> options) : IFileStorage, IDisposable
{
    private readonly S3StorageOptions _o = options.Value.S3;
    private readonly AmazonS3Client _client = new(new BasicAWSCredentials(options.Value.S3.AccessKey, options.Value.S3.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = options.Value.S3.ServiceUrl,
            ForcePathStyle = options.Value.S3.ForcePathStyle,
            AuthenticationRegion = options.Value.S3.Region,
        });

    public async Task SaveAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        StorageKeys.Check(key);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _o.Bucket, Key = key, InputStream = content, ContentType = contentType, AutoCloseStream = false }, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKeys.Check(key);
        try
        {
            var response = await _client.GetObjectAsync(_o.Bucket, key, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageKeys.Check(key);
        await _client.DeleteObjectAsync(_o.Bucket, key, cancellationToken);
    }

    public void Dispose() => _client.Dispose();
}
