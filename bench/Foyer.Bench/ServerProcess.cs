using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Foyer.Bench;

/// <summary>A server the bench started (Foyer or the baseline): its own process, output to a log file, stopped by id.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    public Uri BaseAddress { get; }
    public string Name { get; }
    public string LogPath { get; }

    private ServerProcess(string name, Process process, StreamWriter log, string logPath, Uri baseAddress)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        BaseAddress = baseAddress;
    }

    /// <summary>User + system CPU time the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        if (_process.HasExited)
        {
            // Something outside the bench stopped it (another run on the machine stopping servers by name, say).
            throw new InvalidOperationException($"{Name} (pid {_process.Id}) exited during the run with code {_process.ExitCode}; see {LogPath}");
        }
        return _process.TotalProcessorTime;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts `dotnet DLL args` with the given environment and waits until GET /health answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string name, string dll, IEnumerable<string> args, int port,
        IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // Nothing from this shell's ASP.NET settings leaks into the server, only what is set here.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ||
            k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.StartsWith("Database__", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"could not start {name}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(name, process, log, logPath, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return server;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy; see {LogPath}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not answer /health within {timeout.TotalSeconds} s; see {LogPath}");
    }

    /// <summary>Logs in through the real form: GET /login for the antiforgery token and cookie, POST, keep the cookies.</summary>
    public async Task<string> LoginAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = BaseAddress };
        var loginUri = new Uri("login", UriKind.Relative);
        var form = await http.GetStringAsync(loginUri);
        var token = AntiforgeryToken().Match(form);
        if (!token.Success) throw new InvalidOperationException("no __RequestVerificationToken on /login");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = "",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["v"].Value),
        });
        using var response = await http.PostAsync(loginUri, content);
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"login as {email} answered {(int)response.StatusCode}, expected a redirect");
        }
        var header = cookies.GetCookieHeader(BaseAddress);
        if (!header.Contains("foyer.auth", StringComparison.Ordinal)) throw new InvalidOperationException("login set no foyer.auth cookie");
        return header;
    }

    [GeneratedRegex(@"<input[^>]*name=""__RequestVerificationToken""[^>]*value=""(?<v>[^""]+)""|<input[^>]*value=""(?<v>[^""]+)""[^>]*name=""__RequestVerificationToken""")]
    private static partial Regex AntiforgeryToken();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
