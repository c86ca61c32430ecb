namespace Foyer.Web.Features.Wiki;

public sealed record WikiEditorView(string Title, string Markdown, string Summary);
