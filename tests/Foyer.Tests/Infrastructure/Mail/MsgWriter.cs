using System.Buffers.Binary;
using System.Text;

namespace Foyer.Tests.Infrastructure.Mail;

/// <summary>
/// Writes small Outlook .msg files for tests: an MS-CFB compound file (version 3, 512-byte sectors, every stream in
/// the mini stream) with the MAPI property streams of MS-OXMSG. Real Outlook files have more properties; these are
/// the ones a mail thread needs.
/// </summary>
public static class MsgWriter
{
    private const uint Free = 0xFFFFFFFF, End = 0xFFFFFFFE, FatSector = 0xFFFFFFFD, NoStream = 0xFFFFFFFF;

    private sealed class Node(string name, byte type)
    {
        public string Name { get; } = name;
        public byte Type { get; } = type;
        public byte[] Data { get; init; } = [];
        public List<Node> Children { get; } = [];
        public uint Start { get; set; }
    }

    private static byte[] Utf16(string s) => Encoding.Unicode.GetBytes(s + "\0");

    public static byte[] Build(string senderName, string senderAddress, DateTimeOffset date, string subject, string body, params (string Name, byte[] Data)[] attachments)
    {
        var root = new Node("Root Entry", 5);
        void Stream(Node parent, string name, byte[] data) => parent.Children.Add(new Node(name, 2) { Data = data });
        Stream(root, "__substg1.0_0C1A001F", Utf16(senderName));
        Stream(root, "__substg1.0_5D01001F", Utf16(senderAddress));
        Stream(root, "__substg1.0_0037001F", Utf16(subject));
        Stream(root, "__substg1.0_1000001F", Utf16(body));
        var props = new byte[32 + 16];
        BinaryPrimitives.WriteUInt32LittleEndian(props.AsSpan(32), 0x00390040);
        BinaryPrimitives.WriteUInt32LittleEndian(props.AsSpan(36), 6);
        BinaryPrimitives.WriteInt64LittleEndian(props.AsSpan(40), date.ToFileTime());
        Stream(root, "__properties_version1.0", props);
        for (var i = 0; i < attachments.Length; i++)
        {
            var storage = new Node($"__attach_version1.0_#{i:X8}", 1);
            Stream(storage, "__substg1.0_3707001F", Utf16(attachments[i].Name));
            Stream(storage, "__substg1.0_37010102", attachments[i].Data);
            Stream(storage, "__properties_version1.0", new byte[8]);
            root.Children.Add(storage);
        }

        var nodes = new List<Node>();
        void Flatten(Node n) { nodes.Add(n); foreach (var c in n.Children) Flatten(c); }
        Flatten(root);

        // Mini stream: every stream padded to 64-byte mini sectors, chained in the mini FAT.
        var mini = new List<byte>();
        var miniFat = new List<uint>();
        foreach (var n in nodes.Where(n => n.Type == 2))
        {
            if (n.Data.Length >= 4096) throw new ArgumentException("test streams must stay below the mini stream cutoff");
            n.Start = (uint)miniFat.Count;
            var sectors = Math.Max(1, (n.Data.Length + 63) / 64);
            for (var s = 0; s < sectors; s++) miniFat.Add(s == sectors - 1 ? End : (uint)(miniFat.Count + 1));
            mini.AddRange(n.Data);
            mini.AddRange(new byte[sectors * 64 - n.Data.Length]);
        }
        int Sectors(int bytes) => Math.Max(1, (bytes + 511) / 512);
        var dirSectors = Sectors(nodes.Count * 128);
        var miniFatSectors = Sectors(miniFat.Count * 4);
        var miniStreamSectors = Sectors(mini.Count);
        uint firstDir = 1, firstMiniFat = (uint)(1 + dirSectors), firstMiniStream = (uint)(1 + dirSectors + miniFatSectors);
        var total = 1 + dirSectors + miniFatSectors + miniStreamSectors;
        if (total > 128) throw new ArgumentException("too large for one FAT sector");

        var fat = Enumerable.Repeat(Free, 128).ToArray();
        fat[0] = FatSector;
        void ChainSectors(uint first, int count) { for (var i = 0; i < count; i++) fat[first + i] = i == count - 1 ? End : (uint)(first + i + 1); }
        ChainSectors(firstDir, dirSectors);
        ChainSectors(firstMiniFat, miniFatSectors);
        ChainSectors(firstMiniStream, miniStreamSectors);

        var file = new byte[(1 + total) * 512];
        var h = file.AsSpan();
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x2C..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x30..], firstDir);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x3C..], firstMiniFat);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x40..], (uint)miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x44..], End);
        for (var i = 0; i < 109; i++) BinaryPrimitives.WriteUInt32LittleEndian(h[(0x4C + i * 4)..], i == 0 ? 0 : Free);
        Span<byte> Sector(uint s) => file.AsSpan((int)((s + 1) * 512), 512);
        for (var i = 0; i < 128; i++) BinaryPrimitives.WriteUInt32LittleEndian(Sector(0)[(i * 4)..], fat[i]);

        var dir = new byte[dirSectors * 512];
        for (var i = dirSectors * 4 - 1; i >= nodes.Count; i--)
        {
            // unused entries: no siblings, no child
            BinaryPrimitives.WriteUInt32LittleEndian(dir.AsSpan(i * 128 + 0x44), NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(dir.AsSpan(i * 128 + 0x48), NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(dir.AsSpan(i * 128 + 0x4C), NoStream);
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var e = dir.AsSpan(i * 128, 128);
            var name = Utf16(n.Name);
            name.CopyTo(e);
            BinaryPrimitives.WriteUInt16LittleEndian(e[0x40..], (ushort)name.Length);
            e[0x42] = n.Type;
            e[0x43] = 1;
            var parent = nodes.FirstOrDefault(p => p.Children.Contains(n));
            var next = parent is null ? null : parent.Children.IndexOf(n) + 1 < parent.Children.Count ? parent.Children[parent.Children.IndexOf(n) + 1] : null;
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x44..], NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x48..], next is null ? NoStream : (uint)nodes.IndexOf(next));
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x4C..], n.Children.Count == 0 ? NoStream : (uint)nodes.IndexOf(n.Children[0]));
            if (n.Type == 5)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(e[0x74..], firstMiniStream);
                BinaryPrimitives.WriteUInt64LittleEndian(e[0x78..], (ulong)mini.Count);
            }
            else if (n.Type == 2)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(e[0x74..], n.Start);
                BinaryPrimitives.WriteUInt64LittleEndian(e[0x78..], (ulong)n.Data.Length);
            }
        }
        dir.CopyTo(file.AsSpan((int)((firstDir + 1) * 512)));
        var miniFatBytes = new byte[miniFatSectors * 512];
        for (var i = 0; i < miniFatSectors * 128; i++) BinaryPrimitives.WriteUInt32LittleEndian(miniFatBytes.AsSpan(i * 4), i < miniFat.Count ? miniFat[i] : Free);
        miniFatBytes.CopyTo(file.AsSpan((int)((firstMiniFat + 1) * 512)));
        mini.ToArray().CopyTo(file.AsSpan((int)((firstMiniStream + 1) * 512)));
        return file;
    }
}
