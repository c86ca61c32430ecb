namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>A model store in memory, for tests and the evaluation tool. Thread-safe.</summary>
public sealed class InMemorySpamModelStore : ISpamModelStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SpamTokenCounts> _tokens = new(StringComparer.Ordinal);
    private int _spamDocuments;
    private int _hamDocuments;
    private bool _empty = true;

    public int TokenCount
    {
        get { lock (_lock) return _tokens.Count; }
    }

    public Task<SpamModelSnapshot> GetAsync(IReadOnlyCollection<string> tokens, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var found = new Dictionary<string, SpamTokenCounts>(StringComparer.Ordinal);
            foreach (var token in tokens)
            {
                if (_tokens.TryGetValue(token, out var counts)) found[token] = counts;
            }
            return Task.FromResult(new SpamModelSnapshot(_spamDocuments, _hamDocuments, found));
        }
    }

    public Task AddAsync(IReadOnlyCollection<string> tokens, bool isSpam, int delta, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _empty = false;
            if (isSpam) _spamDocuments = Math.Max(0, _spamDocuments + delta);
            else _hamDocuments = Math.Max(0, _hamDocuments + delta);
            foreach (var token in tokens)
            {
                _tokens.TryGetValue(token, out var c);
                c = isSpam ? c with { Spam = Math.Max(0, c.Spam + delta) } : c with { Ham = Math.Max(0, c.Ham + delta) };
                if (c is { Spam: 0, Ham: 0 }) _tokens.Remove(token);
                else _tokens[token] = c;
            }
        }
        return Task.CompletedTask;
    }

    public Task<bool> IsEmptyAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_empty);
    }

    public Task<bool> SeedAsync(SpamModelSnapshot model, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_empty) return Task.FromResult(false);
            _empty = false;
            _spamDocuments = model.SpamDocuments;
            _hamDocuments = model.HamDocuments;
            foreach (var (token, counts) in model.Tokens) _tokens[token] = counts;
            return Task.FromResult(true);
        }
    }
}
