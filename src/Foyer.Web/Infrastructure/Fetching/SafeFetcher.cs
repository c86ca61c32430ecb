using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Infrastructure.Fetching;

public sealed class SafeFetchOptions
{
    public int MaxRedirects { get; set; } = 3;
    public int TimeoutSeconds { get; set; } = 5;
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;
    public int[] AllowedPorts { get; set; } = [80, 443];
    /// <summary>host or host:port that may be reached even on a private address (the organisation's own PeerTube, a test server).</summary>
    public string[] AllowedHosts { get; set; } = [];
}

public sealed record FetchResult(Uri FinalUrl, HttpStatusCode Status, string? ContentType, byte[] Body);

public sealed class FetchRefusedException(string reason) : Exception(reason);

/// <summary>
/// The one way Foyer fetches from the outside world (link previews, oEmbed, thumbnails). It resolves the host itself,
/// refuses forbidden addresses, connects to exactly the address it vetted (so DNS rebinding cannot swap it), follows
/// at most a few redirects and checks each one again, allows only http and https on the allowed ports, and caps time
/// and bytes. It returns bytes; it never runs anything it receives.
/// </summary>
public sealed class SafeFetcher : IDisposable
{
    private readonly SafeFetchOptions _options;
    private readonly HttpClient _client;

    public SafeFetcher(IOptions<SafeFetchOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectVettedAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Foyer-LinkPreview/1.0");
    }

    public async Task<FetchResult> GetAsync(string url, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        var current = Check(url);
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new FetchRefusedException("timeout");
            }
            catch (HttpRequestException e) when (e.InnerException is FetchRefusedException refused)
            {
                throw refused;
            }
            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= _options.MaxRedirects) throw new FetchRefusedException("too many redirects");
                    current = Check(new Uri(current, location).ToString());
                    continue;
                }
                var body = await ReadCappedAsync(response, timeout.Token, ct);
                return new FetchResult(current, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            }
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken timeout, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > _options.MaxBytes) throw new FetchRefusedException("too large");
        await using var stream = await response.Content.ReadAsStreamAsync(timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout)) > 0)
            {
                if (buffer.Length + read > _options.MaxBytes) throw new FetchRefusedException("too large");
                buffer.Write(chunk, 0, read);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FetchRefusedException("timeout");
        }
        return buffer.ToArray();
    }

    /// <summary>Scheme, credentials and port of a URL; the address is checked when connecting.</summary>
    private Uri Check(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new FetchRefusedException("not an absolute URL");
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) throw new FetchRefusedException("scheme not allowed");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw new FetchRefusedException("credentials in URL");
        if (!IsAllowedHost(uri.IdnHost, uri.Port) && !_options.AllowedPorts.Contains(uri.Port)) throw new FetchRefusedException("port not allowed");
        return uri;
    }

    private bool IsAllowedHost(string host, int port) =>
        _options.AllowedHosts.Any(a => string.Equals(a, host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a, $"{host}:{port}", StringComparison.OrdinalIgnoreCase));

    private async ValueTask<Stream> ConnectVettedAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = IsAllowedHost(host, port);
        var vetted = addresses.Where(a => allowed || !AddressGuard.IsForbidden(a)).ToList();
        if (vetted.Count == 0) throw new FetchRefusedException("address not allowed");
        var socket = new Socket(vetted[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Connect to the address just vetted, not to the name: a second DNS answer cannot point elsewhere.
            await socket.ConnectAsync(new IPEndPoint(vetted[0], port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();
}
