using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Foyer.Tests.Infrastructure;

/// <summary>Images for upload tests, made here: a JPEG with a real EXIF block (GPS position, camera serial), hostile ones.</summary>
public static class TestImages
{
    public const string CameraSerial = "FOYER-CAM-SERIAL-4711";

    /// <summary>A plain JPEG of the given size, one colour with a stripe (so it is not trivially compressible).</summary>
    public static byte[] Jpeg(int width = 320, int height = 200)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(180, 90, 40));
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(0, height / 3f, width, height / 6f, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    /// <summary>
    /// The JPEG with an APP1 EXIF segment right after the start marker: IFD0 holds the camera's serial number and a
    /// pointer to a GPS IFD with latitude 52° 31' N and longitude 13° 24' E (Berlin).
    /// </summary>
    public static byte[] JpegWithGps(int width = 320, int height = 200)
    {
        var jpeg = Jpeg(width, height);
        var tiff = new List<byte>();
        void U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); tiff.AddRange(b); }
        void U32(long v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)v); tiff.AddRange(b); }
        var serial = Encoding.ASCII.GetBytes(CameraSerial + "\0");
        // Header, IFD0 at 8 with two entries: BodySerialNumber (0xA431, ASCII) and GPSInfo (0x8825, LONG).
        tiff.AddRange("II"u8.ToArray()); U16(42); U32(8);
        const int ifd0 = 8, ifd0Size = 2 + 2 * 12 + 4;
        var serialAt = ifd0 + ifd0Size;
        var gpsAt = serialAt + serial.Length;
        U16(2);
        U16(0xA431); U16(2); U32(serial.Length); U32(serialAt);
        U16(0x8825); U16(4); U32(1); U32(gpsAt);
        U32(0);
        tiff.AddRange(serial);
        // GPS IFD: LatitudeRef "N", Latitude 52/1 31/1 0/1, LongitudeRef "E", Longitude 13/1 24/1 0/1.
        const int gpsEntries = 4;
        var rationalsAt = gpsAt + 2 + gpsEntries * 12 + 4;
        U16(gpsEntries);
        U16(1); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray());
        U16(2); U16(5); U32(3); U32(rationalsAt);
        U16(3); U16(2); U32(2); tiff.AddRange("E\0\0\0"u8.ToArray());
        U16(4); U16(5); U32(3); U32(rationalsAt + 24);
        U32(0);
        foreach (var v in new[] { 52, 31, 0, 13, 24, 0 }) { U32(v); U32(1); }

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF; segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>Whether the bytes carry an EXIF block, the serial number, or the GPS latitude rationals.</summary>
    public static bool HasMetadata(byte[] data) =>
        data.AsSpan().IndexOf("Exif\0\0"u8) >= 0 || data.AsSpan().IndexOf(Encoding.ASCII.GetBytes(CameraSerial)) >= 0;

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A PNG header that claims 60,000 × 60,000 pixels (3.6 gigapixels), with a tiny body: a pixel flood.</summary>
    public static byte[] PixelFloodPng()
    {
        var png = new List<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        void Chunk(string type, byte[] body)
        {
            var len = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(len, (uint)body.Length); png.AddRange(len);
            var typed = Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
            png.AddRange(typed);
            var crc = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed)); png.AddRange(crc);
        }
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), 60_000);
        ihdr[8] = 8; ihdr[9] = 2;
        Chunk("IHDR", ihdr);
        Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk("IEND", []);
        return [.. png];
    }
}
