using System.Reflection;
using Foyer.Web.Features.Wiki;

namespace Foyer.Tests.Features.Wiki;

public sealed class WikiTreeTests
{
    [Fact]
    public void Moving_under_itself_or_a_descendant_is_a_loop()
    {
        // 1 ─ 2 ─ 3, and 4 on its own.
        var tree = Tree(new WikiNode(1, null, "A", "a", 1), new WikiNode(2, 1, "B", "b", 1), new WikiNode(3, 2, "C", "c", 1), new WikiNode(4, null, "D", "d", 2));
        Assert.True(tree.IsSelfOrDescendant(1, 1));
        Assert.True(tree.IsSelfOrDescendant(1, 3));
        Assert.False(tree.IsSelfOrDescendant(3, 1));
        Assert.False(tree.IsSelfOrDescendant(1, 4));
        Assert.Equal(["A", "B"], tree.Breadcrumbs(3).Select(n => n.Title));
        Assert.Equal(["A", "B", "C", "D"], tree.Flatten().Select(x => x.Node.Title));
    }

    private static WikiTree Tree(params WikiNode[] nodes) =>
        (WikiTree)typeof(WikiTree).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single().Invoke([nodes.ToList()]);
}
