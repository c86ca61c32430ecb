using System.Globalization;
using System.Text.RegularExpressions;

namespace Foyer.Web.Infrastructure.Content.Embeds;

/// <summary>A recognised media link: which provider, and the privacy-friendly player address to load after consent.</summary>
public sealed record EmbedMatch(EmbedProvider Provider, string PlayerUrl, string OriginalUrl);

/// <summary>
/// One provider: how its links look and how its player is addressed. Adding a provider is adding one entry to
/// <see cref="EmbedProviders.All"/>.
/// </summary>
public sealed record EmbedProvider(string Name, string PrivacyPolicyUrl, Regex Pattern, Func<Match, Uri, string?> Player)
{
    /// <summary>The provider's oEmbed address for a link, where it has one (title, author, thumbnail for the snapshot).</summary>
    public Func<Uri, string>? OEmbed { get; init; }
}

public static partial class EmbedProviders
{
    public static readonly IReadOnlyList<EmbedProvider> All =
    [
        new("YouTube", "https://policies.google.com/privacy", YouTube(), (m, uri) =>
            $"https://www.youtube-nocookie.com/embed/{m.Groups["id"].Value}{YouTubeStart(uri)}")
        { OEmbed = uri => "https://www.youtube.com/oembed?format=json&url=" + Uri.EscapeDataString(uri.AbsoluteUri) },
        new("Vimeo", "https://vimeo.com/privacy", Vimeo(), (m, _) => $"https://player.vimeo.com/video/{m.Groups["id"].Value}?dnt=1")
        { OEmbed = uri => "https://vimeo.com/api/oembed.json?url=" + Uri.EscapeDataString(uri.AbsoluteUri) },
        new("Dailymotion", "https://legal.dailymotion.com/en/privacy-policy/", Dailymotion(), (m, _) =>
            $"https://geo.dailymotion.com/player.html?video={m.Groups["id"].Value}")
        { OEmbed = uri => "https://www.dailymotion.com/services/oembed?format=json&url=" + Uri.EscapeDataString(uri.AbsoluteUri) },
        new("SoundCloud", "https://soundcloud.com/pages/privacy", SoundCloud(), (_, uri) =>
            $"https://w.soundcloud.com/player/?url={Uri.EscapeDataString(uri.GetLeftPart(UriPartial.Path))}")
        { OEmbed = uri => "https://soundcloud.com/oembed?format=json&url=" + Uri.EscapeDataString(uri.AbsoluteUri) },
        // PeerTube runs on many hosts; its URL shapes are its own.
        new("PeerTube", "https://joinpeertube.org/en/faq", PeerTube(), (m, uri) => $"https://{uri.Authority}/videos/embed/{m.Groups["id"].Value}")
        { OEmbed = uri => $"{uri.Scheme}://{uri.Authority}/services/oembed?format=json&url=" + Uri.EscapeDataString(uri.AbsoluteUri) },
    ];

    /// <summary>The provider and player for a link, or null for any other page (which becomes a plain link card).</summary>
    public static EmbedMatch? Recognise(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return null;
        if (!string.IsNullOrEmpty(uri.UserInfo)) return null;
        var normalized = (uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}") + uri.PathAndQuery;
        foreach (var provider in All)
        {
            var match = provider.Pattern.Match(normalized);
            if (!match.Success) continue;
            var player = provider.Player(match, uri);
            if (player is not null) return new EmbedMatch(provider, player, uri.AbsoluteUri);
        }
        return null;
    }

    private static string YouTubeStart(Uri uri)
    {
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!query.TryGetValue("t", out var t) && !query.TryGetValue("start", out t)) return "";
        var seconds = ParseSeconds(t);
        return seconds > 0 ? "?start=" + seconds.ToString(CultureInfo.InvariantCulture) : "";
    }

    /// <summary>"90", "90s", "1m30s", "1h2m3s" → seconds; anything else → 0.</summary>
    public static int ParseSeconds(string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var plain)) return plain;
        var m = Duration().Match(value);
        if (!m.Success) return 0;
        int Part(string g) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        return Part("h") * 3600 + Part("m") * 60 + Part("s");
    }

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)|youtu\.be/)(?<id>[A-Za-z0-9_-]{11})(?:[?&/#].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex YouTube();

    [GeneratedRegex(@"^(?:www\.)?vimeo\.com/(?:video/)?(?<id>\d{4,12})(?:[/?#].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Vimeo();

    [GeneratedRegex(@"^(?:www\.)?(?:dailymotion\.com/video/|dai\.ly/)(?<id>[A-Za-z0-9]{5,12})(?:[_?#/].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Dailymotion();

    [GeneratedRegex(@"^(?:www\.|m\.)?soundcloud\.com/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+(?:[?#].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SoundCloud();

    [GeneratedRegex(@"^[a-z0-9.-]+(?::\d+)?/(?:videos/watch/|w/)(?<id>[A-Za-z0-9-]{8,36})(?:[?#].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PeerTube();
}
