using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Mail;
using Foyer.Data.Spaces;
using Foyer.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using static System.FormattableString;

namespace Foyer.Bench;

/// <summary>
/// Notification fan-out: one post in a space of N members who all follow it. Foyer runs as its own process with its
/// mail going to an SMTP sink in this process; the bench prints how long until every in-page notification exists and
/// every mail reached the sink, and the mails per second.
/// Run: dotnet run -c Release --project bench/Foyer.Bench -- fanout [--members 2000] [--work /tmp/foyer-fanout]
/// </summary>
internal static partial class FanOutBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var members = 2000;
        var work = "/tmp/foyer-fanout";
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--members") members = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--work") work = args[++i];
        }
        Directory.CreateDirectory(work);
        var db = Path.Combine(work, "fanout.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(db + suffix);

        var received = new ConcurrentQueue<DateTime>();
        var smtpPort = ServerProcess.FreePort();
        using var stopSink = new CancellationTokenSource();
        var sinkOptions = new SmtpServerOptionsBuilder().ServerName("sink").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, smtpPort))).Build();
        var sinkServices = new SmtpServer.ComponentModel.ServiceProvider();
        sinkServices.Add(new CountingStore(received));
        // Like a real mail server: replies without waiting for delayed ACKs.
        sinkServices.Add(new Foyer.Web.Infrastructure.Mail.Incoming.NoDelayEndpointListenerFactory());
        var sink = new SmtpServer.SmtpServer(sinkOptions, sinkServices);
        var sinkTask = sink.StartAsync(stopSink.Token);

        var port = ServerProcess.FreePort();
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite", ["Database__ConnectionString"] = $"Data Source={db}", ["Urls"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Login__PerNetworkAttemptsPerWindow"] = "100000",
            ["Mail__Smtp__Host"] = "127.0.0.1", ["Mail__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture), ["Mail__Smtp__Security"] = "None",
            ["Mail__BatchMinutes"] = "0", ["Mail__Domain"] = "bench.test", ["Stream__WritesPerMinute"] = "100000",
        };
        await using var foyer = await ServerProcess.StartAsync("Foyer", BenchProgram.FindFoyerDll(), [], port, env, Path.Combine(work, "foyer.log"));
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = foyer.BaseAddress };
        await PostFormAsync(http, "setup", "setup", new()
        {
            ["Input.OrganisationName"] = "Fan-out", ["Input.Language"] = "en", ["Input.DisplayName"] = "Ada Author",
            ["Input.Email"] = "ada@bench.test", ["Input.Password"] = "fan-out-password-123",
        });

        var prepare = Stopwatch.StartNew();
        var spaceSlug = await PopulateAsync(db, members);
        Console.WriteLine(Invariant($"{members} members following space '{spaceSlug}' created in {prepare.Elapsed.TotalSeconds:F1} s"));
        // Setup signed the author in already (the cookie is in the handler's container).

        var clock = Stopwatch.StartNew();
        var posted = await PostFormAsync(http, $"spaces/{spaceSlug}", "posts/new", new()
        {
            ["SpaceId"] = await ScalarAsync(db, $"SELECT Id FROM Spaces WHERE Slug = '{spaceSlug}'"), ["Markdown"] = "Generalprobe morgen um 10 Uhr, alle auf die Bühne!",
        });
        var requestTime = clock.Elapsed;
        var postId = long.Parse(PostId().Match(posted.Headers.Location?.ToString() ?? "").Groups[1].Value, CultureInfo.InvariantCulture);

        TimeSpan? notified = null, mailed = null;
        var deadline = TimeSpan.FromMinutes(15);
        while (clock.Elapsed < deadline && (notified is null || mailed is null))
        {
            if (notified is null && long.Parse(await ScalarAsync(db, $"SELECT COUNT(*) FROM Notifications WHERE PostId = {postId}"), CultureInfo.InvariantCulture) >= members)
            {
                notified = clock.Elapsed;
            }
            if (mailed is null && received.Count >= members) mailed = clock.Elapsed;
            await Task.Delay(20);
        }
        var first = received.IsEmpty ? (DateTime?)null : received.Min();
        var last = received.IsEmpty ? (DateTime?)null : received.Max();
        Console.WriteLine();
        Console.WriteLine("═══ Fan-out ═══");
        Console.WriteLine(Invariant($"post request answered after     {requestTime.TotalMilliseconds,8:F0} ms (notifications are created in the same save)"));
        Console.WriteLine(notified is { } n ? Invariant($"all {members} in-page notifications {n.TotalMilliseconds,8:F0} ms after the post was sent") : "in-page notifications: NOT all created in time");
        Console.WriteLine(mailed is { } m ? Invariant($"all {members} mails at the SMTP sink {m.TotalSeconds,8:F1} s after the post was sent") : Invariant($"mails: only {received.Count} of {members} arrived in time"));
        if (first is { } f && last is { } l && received.Count > 1)
        {
            Console.WriteLine(Invariant($"mail rate: {received.Count / Math.Max(0.001, (l - f).TotalSeconds):F0} mails/s between the first and the last ({received.Count} mails), {received.Count / Math.Max(0.001, (mailed ?? clock.Elapsed).TotalSeconds):F0} mails/s overall"));
        }
        await stopSink.CancelAsync();
        sink.Shutdown();
        try { await sinkTask; } catch (OperationCanceledException) { }
        return notified is not null && mailed is not null ? 0 : 1;
    }

    private sealed class CountingStore(ConcurrentQueue<DateTime> received) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            received.Enqueue(DateTime.UtcNow);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>The members, the space, their memberships and their "follow" choice, written with the app's own model.</summary>
    private static async Task<string> PopulateAsync(string path, int members)
    {
        var options = new DbContextOptionsBuilder<FoyerDbContext>();
        options.UseFoyerSqlite($"Data Source={path}");
        await using var db = new FoyerDbContext(options.Options);
        var author = await db.Users.SingleAsync(u => u.Email == "ada@bench.test");
        var now = DateTime.UtcNow;
        var space = new Space { Name = "Ensemble", NormalizedName = "ENSEMBLE", Slug = "ensemble", Visibility = SpaceVisibility.Open, CreatedAt = now, CreatedById = author.Id };
        db.Spaces.Add(space);
        await db.SaveChangesAsync();
        db.SpaceMemberships.Add(new SpaceMembership { SpaceId = space.Id, UserId = author.Id, Role = SpaceRole.Admin, JoinedAt = now });
        var users = new List<User>();
        for (var i = 0; i < members; i++)
        {
            var handle = Invariant($"member{i}");
            var email = Invariant($"member{i}@bench.test");
            users.Add(new User
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), Handle = handle,
                DisplayName = Invariant($"Member {i}"), Role = OrgRole.Member, CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString("N"),
                EmailFrequency = EmailFrequency.Immediately,
            });
        }
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        foreach (var u in users)
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = space.Id, UserId = u.Id, Role = SpaceRole.Member, JoinedAt = now });
            db.Subscriptions.Add(new Subscription { UserId = u.Id, SpaceId = space.Id, Mode = SubscriptionMode.Follow, CreatedAt = now });
        }
        await db.SaveChangesAsync();
        SqliteConnection.ClearAllPools();
        return space.Slug;
    }

    private static async Task<string> ScalarAsync(string path, string sql)
    {
        await using var conn = new SqliteConnection($"Data Source={path}");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string page, string action, Dictionary<string, string> fields)
    {
        var html = await http.GetStringAsync(page);
        var token = Token().Match(html);
        if (!token.Success) throw new InvalidOperationException($"no form token on /{page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        var response = await http.PostAsync(action, new FormUrlEncodedContent(fields));
        if ((int)response.StatusCode is not (302 or 303)) throw new InvalidOperationException($"POST /{action} answered {(int)response.StatusCode}");
        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"/posts/(\d+)")]
    private static partial Regex PostId();
}
