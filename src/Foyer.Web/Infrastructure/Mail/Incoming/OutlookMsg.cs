using System.Buffers.Binary;
using System.Text;

namespace Foyer.Web.Infrastructure.Mail.Incoming;

/// <summary>
/// Reads Outlook .msg files (a mail saved or attached by Outlook): an OLE compound file (MS-CFB) whose streams hold
/// the MAPI properties (MS-OXMSG). Only what a thread page needs: sender, date, subject, plain text, attachments.
/// Every offset and chain is checked, so a broken or hostile file is refused with an exception, not an endless loop.
/// </summary>
public static class OutlookMsg
{
    public sealed record Attachment(string Name, byte[] Data);
    public sealed record Message(string SenderName, string SenderAddress, DateTimeOffset? Date, string Subject, string Body, IReadOnlyList<Attachment> Attachments);

    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static bool LooksLikeMsg(ReadOnlySpan<byte> data) => data.Length >= 512 && data[..8].SequenceEqual(Signature);

    public static Message Read(byte[] data)
    {
        var file = new CompoundFile(data);
        var root = file.Children(0);
        string? Text(IReadOnlyDictionary<string, int> entries, string id) =>
            entries.TryGetValue($"__substg1.0_{id}001F", out var u) ? Encoding.Unicode.GetString(file.Stream(u)).TrimEnd('\0')
            : entries.TryGetValue($"__substg1.0_{id}001E", out var a) ? Encoding.Latin1.GetString(file.Stream(a)).TrimEnd('\0') : null;

        DateTimeOffset? date = null;
        if (root.TryGetValue("__properties_version1.0", out var props))
        {
            var bytes = file.Stream(props);
            for (var at = 32; at + 16 <= bytes.Length; at += 16)
            {
                var tag = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
                if (tag is 0x00390040 or 0x0E060040)
                {
                    var ticks = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at + 8));
                    if (ticks > 0 && ticks < DateTime.MaxValue.ToFileTimeUtc()) date = DateTimeOffset.FromFileTime(ticks).ToUniversalTime();
                    if (tag == 0x00390040) break;
                }
            }
        }
        var attachments = new List<Attachment>();
        foreach (var (name, index) in root.Where(e => e.Key.StartsWith("__attach_version1.0_#", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var parts = file.Children(index);
            if (!parts.TryGetValue("__substg1.0_37010102", out var content)) continue;
            var fileName = Text(parts, "3707") ?? Text(parts, "3704") ?? "attachment";
            attachments.Add(new Attachment(fileName, file.Stream(content)));
        }
        return new Message(Text(root, "0C1A") ?? "", Text(root, "5D01") ?? Text(root, "0C1F") ?? "", date, Text(root, "0037") ?? "", Text(root, "1000") ?? "", attachments);
    }

    /// <summary>A minimal MS-CFB reader: FAT, mini FAT, directory, streams.</summary>
    private sealed class CompoundFile
    {
        private const uint NoStream = 0xFFFFFFFF;
        private const uint EndOfChain = 0xFFFFFFFE;
        private readonly byte[] _data;
        private readonly int _sectorSize;
        private readonly int _miniSectorSize;
        private readonly uint _miniCutoff;
        private readonly List<uint> _fat = [];
        private readonly List<uint> _miniFat = [];
        private readonly List<(string Name, int Type, uint Left, uint Right, uint Child, uint Start, long Size)> _entries = [];
        private readonly byte[] _miniStream;

        public CompoundFile(byte[] data)
        {
            if (!LooksLikeMsg(data)) throw new FormatException("not a compound file");
            _data = data;
            var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(0x1E));
            var miniShift = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(0x20));
            if (sectorShift is not (9 or 12) || miniShift != 6) throw new FormatException("unsupported sector size");
            _sectorSize = 1 << sectorShift;
            _miniSectorSize = 1 << miniShift;
            var fatSectors = U32(0x2C);
            var firstDirectory = U32(0x30);
            _miniCutoff = U32(0x38);
            var firstMiniFat = U32(0x3C);
            var firstDifat = U32(0x44);

            var fatLocations = new List<uint>();
            for (var i = 0; i < 109 && fatLocations.Count < fatSectors; i++) fatLocations.Add(U32(0x4C + i * 4));
            var difat = firstDifat;
            for (var guard = 0; difat != EndOfChain && difat != NoStream && fatLocations.Count < fatSectors; guard++)
            {
                if (guard > 10_000) throw new FormatException("DIFAT loop");
                var at = Offset(difat);
                for (var i = 0; i < _sectorSize / 4 - 1 && fatLocations.Count < fatSectors; i++) fatLocations.Add(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + i * 4)));
                difat = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + _sectorSize - 4));
            }
            foreach (var sector in fatLocations)
            {
                var at = Offset(sector);
                for (var i = 0; i < _sectorSize / 4; i++) _fat.Add(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + i * 4)));
            }
            foreach (var sector in Chain(firstMiniFat))
            {
                var at = Offset(sector);
                for (var i = 0; i < _sectorSize / 4; i++) _miniFat.Add(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + i * 4)));
            }
            foreach (var sector in Chain(firstDirectory))
            {
                var at = Offset(sector);
                for (var e = 0; e < _sectorSize / 128; e++)
                {
                    var entry = data.AsSpan(at + e * 128, 128);
                    var nameLength = Math.Clamp((int)BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]), 0, 64);
                    var name = Encoding.Unicode.GetString(entry[..Math.Max(0, nameLength - 2)]);
                    _entries.Add((name, entry[0x42], BinaryPrimitives.ReadUInt32LittleEndian(entry[0x44..]), BinaryPrimitives.ReadUInt32LittleEndian(entry[0x48..]),
                        BinaryPrimitives.ReadUInt32LittleEndian(entry[0x4C..]), BinaryPrimitives.ReadUInt32LittleEndian(entry[0x74..]),
                        (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[0x78..])));
                }
            }
            if (_entries.Count == 0 || _entries[0].Type != 5) throw new FormatException("no root entry");
            _miniStream = Regular(_entries[0].Start, _entries[0].Size);
        }

        private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(at));

        private int Offset(uint sector)
        {
            var at = ((long)sector + 1) * _sectorSize;
            if (at + _sectorSize > _data.Length) throw new FormatException("sector outside the file");
            return (int)at;
        }

        private IEnumerable<uint> Chain(uint start, List<uint>? table = null)
        {
            table ??= _fat;
            var seen = 0;
            for (var s = start; s != EndOfChain && s != NoStream; s = s < table.Count ? table[(int)s] : throw new FormatException("broken chain"))
            {
                if (++seen > table.Count + 1) throw new FormatException("chain loop");
                yield return s;
            }
        }

        private byte[] Regular(uint start, long size)
        {
            if (size is < 0 or > 100_000_000) throw new FormatException("stream too large");
            var result = new byte[size];
            var written = 0;
            foreach (var sector in Chain(start))
            {
                if (written >= size) break;
                var n = (int)Math.Min(_sectorSize, size - written);
                Array.Copy(_data, Offset(sector), result, written, n);
                written += n;
            }
            if (written < size) throw new FormatException("stream shorter than its size");
            return result;
        }

        public byte[] Stream(int index)
        {
            var e = _entries[index];
            if (e.Size >= _miniCutoff) return Regular(e.Start, e.Size);
            var result = new byte[e.Size];
            var written = 0;
            foreach (var mini in Chain(e.Start, _miniFat))
            {
                if (written >= e.Size) break;
                var at = (long)mini * _miniSectorSize;
                var n = (int)Math.Min(_miniSectorSize, e.Size - written);
                if (at + n > _miniStream.Length) throw new FormatException("mini sector outside the mini stream");
                Array.Copy(_miniStream, at, result, written, n);
                written += n;
            }
            if (written < e.Size) throw new FormatException("stream shorter than its size");
            return result;
        }

        /// <summary>The entries directly below a storage, by name (the siblings form a tree of left/right links).</summary>
        public Dictionary<string, int> Children(int storage)
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            var pending = new Stack<uint>();
            pending.Push(_entries[storage].Child);
            while (pending.Count > 0)
            {
                var id = pending.Pop();
                if (id == NoStream || id >= _entries.Count) continue;
                if (result.Count > _entries.Count) throw new FormatException("directory loop");
                var e = _entries[(int)id];
                if (!result.TryAdd(e.Name, (int)id)) continue;
                pending.Push(e.Left);
                pending.Push(e.Right);
            }
            return result;
        }
    }
}
