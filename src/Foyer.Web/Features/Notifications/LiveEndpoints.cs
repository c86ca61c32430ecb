using System.Text.Json;
using System.Threading.Channels;
using Foyer.Data;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Live;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Notifications;

/// <summary>
/// Live updates for open pages as server-sent events (see docs/adr/0005): the bell's count, new posts in streams the
/// reader can see, new comments on posts they can read. Each event is checked against the reader's rights before
/// it is sent. Pages without EventSource, or whose connection keeps failing, poll /notifications/unread instead.
/// </summary>
public static class LiveEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapGet("/notifications/unread", async (CurrentViewer current, FoyerDbContext db, UnreadCounter counter) =>
            Results.Json(new { unread = await counter.CountAsync(db, await current.GetAsync()) }));
        app.MapGet("/live", StreamAsync);
        return app;
    }

    private static async Task StreamAsync(HttpContext context, CurrentViewer current, ILiveBus bus, IServiceScopeFactory scopes, UnreadCounter counter,
        TimeProvider time)
    {
        var viewer = await current.GetAsync();
        if (viewer.IsAnonymous)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        var events = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(200) { FullMode = BoundedChannelFullMode.DropOldest });
        using var subscription = bus.Subscribe(e =>
        {
            if (e.Type == "notification" ? e.UserId == viewer.UserId : e.ActorId != viewer.UserId) events.Writer.TryWrite(e);
        });
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var ct = context.RequestAborted;

        async Task SendAsync(string type, object data)
        {
            await response.WriteAsync($"event: {type}\ndata: {JsonSerializer.Serialize(data)}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await SendAsync("hello", new { unread = await counter.CountAsync(scope.ServiceProvider.GetRequiredService<FoyerDbContext>(), viewer) });
        }
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Heartbeat);
                LiveEvent e;
                try
                {
                    e = await events.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await response.WriteAsync(": ping\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
                switch (e.Type)
                {
                    case "notification":
                        await SendAsync("notification", new { unread = await counter.CountAsync(db, viewer) });
                        break;
                    case "post" when e.SpaceId is long space && await db.Spaces.ReadableBy(viewer).AnyAsync(s => s.Id == space, ct)
                                     && (viewer.IsOrgMember || await db.SpaceMemberships.AnyAsync(m => m.SpaceId == space && m.UserId == viewer.UserId, ct)):
                        await SendAsync("post", new { spaceId = e.SpaceId, postId = e.PostId });
                        break;
                    case "comment" when e.PostId is long post && await db.Posts.VisibleTo(viewer).AnyAsync(p => p.Id == post, ct):
                        await SendAsync("comment", new { postId = e.PostId, number = e.Number });
                        break;
                    default:
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The reader left the page.
        }
    }
}
