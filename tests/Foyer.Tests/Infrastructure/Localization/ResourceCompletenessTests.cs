using System.Text.RegularExpressions;
using System.Xml.Linq;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;

namespace Foyer.Tests.Infrastructure.Localization;

/// <summary>Every English key a page or page model uses has its German translation, with the same placeholders.</summary>
public sealed partial class ResourceCompletenessTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Features = Path.Combine(Root, "src", "Foyer.Web", "Features");
    private static readonly Dictionary<string, string> German = XDocument.Load(Path.Combine(Root, "src", "Foyer.Web", "Resources", "SharedResource.de.resx"))
        .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Foyer.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Foyer.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"\b[Tt]\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(@"\bErrorMessage\s*=\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ErrorMessage();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    private static List<(string Key, string File)> UsedKeys()
    {
        var keys = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(Features, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(Root, file);
            keys.AddRange(LocalizerKey().Matches(text).Concat(ErrorMessage().Matches(text))
                .Select(m => (Regex.Unescape(m.Groups[1].Value), relative)));
        }
        return keys;
    }

    [Fact]
    public void The_scan_finds_the_keys_of_the_pages()
    {
        // Guards the guard: a broken pattern or path would find nothing and pass.
        var keys = UsedKeys().Select(k => k.Key).ToHashSet();
        Assert.True(keys.Count > 100, $"Only {keys.Count} keys found under {Features}");
        Assert.Contains("Log in", keys);
        Assert.Contains("Please give the space a name.", keys);
    }

    [Fact]
    public void Every_key_used_in_the_features_has_a_German_translation()
    {
        var missing = UsedKeys().Where(k => !German.ContainsKey(k.Key)).Select(k => $"{k.File}: \"{k.Key}\"").Distinct().ToList();
        Assert.True(missing.Count == 0, "Missing in SharedResource.de.resx:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Enum_names_shown_through_the_localizer_have_German_translations()
    {
        // Pages show T[space.Visibility.ToString()] and T[invitation.Role.ToString()]; no literal key to scan for.
        var names = Enum.GetNames<SpaceVisibility>().Concat(Enum.GetNames<OrgRole>());
        Assert.All(names, n => Assert.True(German.ContainsKey(n), $"\"{n}\" has no German translation"));
    }

    [Fact]
    public void Translations_are_not_empty_and_keep_the_placeholders()
    {
        var wrong = German.Where(e => string.IsNullOrWhiteSpace(e.Value)
                || !Placeholder().Matches(e.Key).Select(m => m.Value).Order().SequenceEqual(Placeholder().Matches(e.Value).Select(m => m.Value).Order()))
            .Select(e => $"\"{e.Key}\" → \"{e.Value}\"").ToList();
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }
}
