namespace Foyer.Web;

/// <summary>
/// Marker for the one resource set of UI strings. Keys are the English text; Resources/SharedResource.de.resx
/// holds the German. A test checks every key used in a page has its German translation.
/// </summary>
public sealed class SharedResource;
