namespace Foyer.Data;

/// <summary>Content whose stored HTML came out of the content pipeline (posts, comments, wiki pages, articles, article comments).</summary>
public interface IRenderedText
{
    string Html { get; }
}
