using System.Text;
using System.Text.RegularExpressions;

namespace Foyer.Web.Features.Demo;

/// <summary>The blog post that started Foyer (German), split into its text and its numbered comments.</summary>
public sealed partial record SeedBlogPost(string Title, string Body, IReadOnlyList<string> Comments)
{
    public static SeedBlogPost Load()
    {
        using var stream = typeof(SeedBlogPost).Assembly.GetManifestResourceStream("Foyer.Demo.SeedBlogPost")
            ?? throw new InvalidOperationException("The demo blog post is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    public static SeedBlogPost Parse(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var title = lines[0].Trim();
        var body = new StringBuilder();
        var i = 1;
        for (; i < lines.Length && !lines[i].StartsWith("Beitrag veröffentlicht", StringComparison.Ordinal); i++)
        {
            body.AppendLine(lines[i]);
        }
        var comments = new List<string>();
        StringBuilder? current = null;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("Schreibe einen Kommentar", StringComparison.Ordinal)) break;
            var start = CommentStart().Match(line);
            if (start.Success)
            {
                if (current is not null) comments.Add(current.ToString().Trim());
                current = new StringBuilder(start.Groups[1].Value).AppendLine();
            }
            else if (current is not null)
            {
                current.AppendLine(line.Trim());
            }
        }
        if (current is not null) comments.Add(current.ToString().Trim());
        return new SeedBlogPost(title, body.ToString().Trim(), comments);
    }

    [GeneratedRegex(@"^\s{2}\d+\.\s(.*)$")]
    private static partial Regex CommentStart();
}
