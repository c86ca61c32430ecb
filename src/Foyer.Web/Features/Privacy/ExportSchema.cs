using System.Globalization;

namespace Foyer.Web.Features.Privacy;

/// <summary>What a data export contains, written into the archive itself (README.md, SCHEMA.md) so it explains itself years later.</summary>
public static class ExportSchema
{
    public static string Readme(string organisation, DateTime at) => string.Create(CultureInfo.InvariantCulture, $"""
        # Your data from {organisation}

        Exported on {at:yyyy-MM-dd HH:mm} UTC (GDPR Art. 15 and 20).

        - `data/*.json`: everything in machine-readable form; the fields are described in `SCHEMA.md`.
        - `markdown/`: your posts, comments, wiki revisions and blog articles as Markdown files, to read or to take elsewhere.
        - `files/`: the files you uploaded, as uploaded.
        - `profile.md`: your profile.

        Only what you wrote, uploaded or set is here. Other people's posts and comments are not part of your export.
        Times are UTC (ISO 8601).

        """);

    public const string Markdown = """
        # Schema of the data export (version 1)

        All files are UTF-8 JSON with camelCase names; times are ISO 8601 UTC; ids are numbers that stay the same across exports.

        ## data/profile.json
        | field | meaning |
        | --- | --- |
        | id, handle, displayName, email, bio | your account |
        | role | Guest, Member or Admin |
        | language | "de", "en" or "" (follow the browser) |
        | createdAt, deactivatedAt | account dates |
        | settings.emailFrequency | Immediately, Daily, Weekly or Never |
        | settings.autoLoadEmbeds | media providers whose players load without a click |
        | settings.dismissedTips, settings.tourDismissedAt | first-steps tips and tour you put away |

        ## data/memberships.json
        List of `{ spaceId, space, role (Member or Admin), joinedAt }`.

        ## data/spaces.json
        `{ created: [{ id, name, description, visibility, createdAt }], joinRequests: [{ spaceId, space, message, createdAt }] }`:
        the spaces you created and your requests to join closed spaces.

        ## data/notification-preferences.json
        `{ emailFrequency, subscriptions: [{ spaceId, postId, mode, createdAt }], watchedWikiPages: [{ pageId, createdAt }] }`.

        ## data/posts.json
        `{ posts: [{ id, spaceId, space, createdAt, editedAt, deletedAt, markdown, html }], revisions: [{ postId, version, createdAt, markdown }] }`:
        your posts (also deleted ones that are still kept) and the earlier versions you wrote.

        ## data/comments.json
        List of `{ id, postId, number, parentId, createdAt, editedAt, deletedAt, markdown }`: your comments in the stream.

        ## data/blog-comments.json
        List of `{ id, articleId, article, number, createdAt, editedAt, status, markdown }`: your comments on blog articles, also those
        written as a guest with your account's address.

        ## data/wiki-revisions.json
        List of `{ pageId, slug, space, version, title, summary, createdAt, markdown }`: every wiki revision you saved.

        ## data/articles.json
        List of `{ id, title, slug, status, audience, publishAt, createdAt, updatedAt, excerpt, markdown }`: your blog articles.

        ## data/reactions.json
        List of `{ on (Post or Comment), targetId, kind, createdAt }`.

        ## data/files.json
        List of `{ id, fileName, contentType, length, createdAt, attachedTo, ownerId, path }`; `path` is the file in this archive
        (null if the file was no longer in storage).

        """;
}
