namespace Foyer.Data.Blogs;

/// <summary>
/// One feature of the blog comment spam classifier (a word, "link:example.com", "name:casino" ...) with the number of
/// spam and ham comments it appeared in. Counts are per comment, not per occurrence.
/// </summary>
public class SpamToken
{
    public const int MaxTokenLength = 100;

    public string Token { get; set; } = "";
    public int SpamCount { get; set; }
    public int HamCount { get; set; }
}

/// <summary>The single row with the number of spam and ham comments the classifier was trained on.</summary>
public class SpamModelCounts
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public int SpamDocuments { get; set; }
    public int HamDocuments { get; set; }
}
