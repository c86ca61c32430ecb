using SkiaSharp;

namespace Foyer.Web.Infrastructure.Files;

/// <summary>What a file really is, judged by its first bytes; the name and the browser's claim are not trusted.</summary>
public static class FileSniffer
{
    /// <summary>Raster images Foyer decodes, cleans and shows inline. Everything else is only ever downloaded.</summary>
    public static string? RasterImageType(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return "image/gif";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    /// <summary>The type a download is served with. Only a few harmless types are named; the rest are plain bytes.</summary>
    public static string DownloadType(ReadOnlySpan<byte> head) =>
        head.StartsWith("%PDF-"u8) ? "application/pdf" : "application/octet-stream";
}

public sealed class ImageRejectedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}

/// <summary>An image as Foyer keeps it: decoded and encoded again (so no metadata survives), upright, with a thumbnail.</summary>
public sealed record CleanImage(byte[] Bytes, string ContentType, byte[] Thumbnail, int Width, int Height);

/// <summary>
/// Decodes an uploaded image with SkiaSharp and writes it out again. Nothing of the original file but its pixels
/// survives: EXIF (GPS position, camera serial numbers), XMP, IPTC and comments are gone, and so is anything a
/// polyglot file hid behind the image data. The size is checked from the header before a single pixel is decoded,
/// so a small file that claims a gigapixel image (a "pixel flood") is refused without using the memory.
/// </summary>
public static class ImageCleaner
{
    public static CleanImage Clean(byte[] data, FileOptions limits)
    {
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream) ?? throw new ImageRejectedException("unreadable");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) throw new ImageRejectedException("unreadable");
        if (info.Width > limits.MaxImageSide || info.Height > limits.MaxImageSide || (long)info.Width * info.Height > limits.MaxImagePixels)
        {
            throw new ImageRejectedException("too-large");
        }
        var decodeInfo = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) throw new ImageRejectedException("unreadable");
        using var upright = Orient(decoded, codec.EncodedOrigin);

        var (format, type, quality) = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => (SKEncodedImageFormat.Jpeg, "image/jpeg", 88),
            SKEncodedImageFormat.Webp => (SKEncodedImageFormat.Webp, "image/webp", 88),
            // PNG stays PNG; a GIF becomes a PNG of its first frame (animation is lost, hidden extensions with it).
            _ => (SKEncodedImageFormat.Png, "image/png", 100),
        };
        var bytes = Encode(upright, format, quality);
        var thumbnail = Encode(Scale(upright, limits.ThumbnailSide), SKEncodedImageFormat.Webp, 80, dispose: true);
        return new CleanImage(bytes, type, thumbnail, upright.Width, upright.Height);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality, bool dispose = false)
    {
        try
        {
            using var image = SKImage.FromBitmap(bitmap);
            using var encoded = image.Encode(format, quality) ?? throw new ImageRejectedException("unreadable");
            return encoded.ToArray();
        }
        finally
        {
            if (dispose) bitmap.Dispose();
        }
    }

    private static SKBitmap Scale(SKBitmap source, int side)
    {
        var factor = Math.Min(1.0, (double)side / Math.Max(source.Width, source.Height));
        var width = Math.Max(1, (int)Math.Round(source.Width * factor));
        var height = Math.Max(1, (int)Math.Round(source.Height * factor));
        return source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new ImageRejectedException("unreadable");
    }

    /// <summary>Applies the EXIF orientation to the pixels, since the EXIF block that carried it is not kept.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return source.Copy();
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType);
        using var canvas = new SKCanvas(result);
        var w = result.Width;
        var h = result.Height;
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1, w / 2f, 0); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180, w / 2f, h / 2f); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1, 0, h / 2f); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break; // transpose
            case SKEncodedOrigin.RightTop: canvas.Translate(w, 0); canvas.RotateDegrees(90); break; // 90° clockwise
            case SKEncodedOrigin.RightBottom: canvas.Translate(w, h); canvas.Scale(-1, -1); canvas.RotateDegrees(90); canvas.Scale(1, -1); break; // transverse
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, h); canvas.RotateDegrees(270); break; // 90° anticlockwise
            default: break;
        }
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default, null);
        return result;
    }
}
