namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>Spam and ham comments one token appeared in.</summary>
public readonly record struct SpamTokenCounts(int Spam, int Ham);

/// <summary>
/// The part of the classifier's model needed for one decision: the document counts and the counts of the asked tokens
/// (tokens never seen are missing).
/// </summary>
public sealed record SpamModelSnapshot(int SpamDocuments, int HamDocuments, IReadOnlyDictionary<string, SpamTokenCounts> Tokens);

/// <summary>Where the naive Bayes classifier keeps its counts: the database in the app, memory in tests and evaluation.</summary>
public interface ISpamModelStore
{
    /// <summary>The document counts and the counts of those of <paramref name="tokens"/> the model knows.</summary>
    Task<SpamModelSnapshot> GetAsync(IReadOnlyCollection<string> tokens, CancellationToken ct = default);

    /// <summary>
    /// Counts one more (<paramref name="delta"/> = 1) or one fewer (-1) spam or ham document containing
    /// <paramref name="tokens"/>. Counts never go below zero.
    /// </summary>
    Task AddAsync(IReadOnlyCollection<string> tokens, bool isSpam, int delta, CancellationToken ct = default);

    /// <summary>True until the model was seeded or trained for the first time.</summary>
    Task<bool> IsEmptyAsync(CancellationToken ct = default);

    /// <summary>Stores a whole model at once if the store is still empty; false if someone else was first.</summary>
    Task<bool> SeedAsync(SpamModelSnapshot model, CancellationToken ct = default);
}
