namespace Foyer.Web.Features.Stream;

public sealed class StreamOptions
{
    public int PageSize { get; set; } = 20;
    /// <summary>How long a deleted post or comment can be brought back by the person who deleted it.</summary>
    public int UndoDeleteMinutes { get; set; } = 15;
    /// <summary>Posts and comments one person may publish per minute.</summary>
    public int WritesPerMinute { get; set; } = 20;
}
