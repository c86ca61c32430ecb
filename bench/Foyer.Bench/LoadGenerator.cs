using System.Diagnostics;
using System.Net;
using static System.FormattableString;

namespace Foyer.Bench;

internal sealed record LoadResult(string Label, long Requests, long Errors, double Seconds, long Bytes, double[] LatenciesMs, string? FirstError,
    double ServerCpuSeconds, double LoadAverage)
{
    /// <summary>CPU the server process spent per answered request: unlike req/s, barely affected by other work on the machine.</summary>
    public double CpuMsPerRequest => Requests == 0 ? double.NaN : ServerCpuSeconds * 1000 / Requests;

    public double Rps => Requests / Seconds;
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);
    public double Mean => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs.Average();

    /// <summary>Exact percentile (nearest rank) over every recorded request; LatenciesMs is sorted.</summary>
    public double Percentile(double q) =>
        LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Clamp((int)Math.Ceiling(q * LatenciesMs.Length) - 1, 0, LatenciesMs.Length - 1)];

    public string Line => Invariant($"{Label,-30} {Rps,7:F0} req/s  p50 {P50,6:F2} ms  p99 {P99,6:F2} ms  server cpu {CpuMsPerRequest,5:F2} ms/req  n={Requests,6}  err={Errors}  {Bytes / Math.Max(Requests + Errors, 1) / 1024.0,4:F1} KiB  load {LoadAverage:F1}")
        + (FirstError is null ? "" : $"  first error: {FirstError}");
}

/// <summary>
/// Closed-loop load: N workers, each with its own request in flight at a time over a pool of N keep-alive connections.
/// Every request's latency is recorded, so p50/p99 are exact. Requests completing during the warmup are discarded.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>The 1-minute load average (Linux), to judge how much else was running; NaN elsewhere.</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    public static async Task<LoadResult> RunAsync(string label, Uri url, string? cookie, int connections, TimeSpan warmup, TimeSpan duration,
        Func<TimeSpan>? serverCpu = null)
    {
        var load = LoadAverage();
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var start = Stopwatch.GetTimestamp();
        var from = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var to = from + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(() => WorkerAsync(http, url, cookie, from, to))).ToArray();
        var cpu = SampleCpuAsync(serverCpu, from, to);
        var results = await Task.WhenAll(workers);
        var cpuSeconds = await cpu;
        var latencies = results.SelectMany(r => r.Latencies).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(latencies);
        var errors = results.Sum(r => r.Errors);
        return new LoadResult(label, latencies.Length, errors, duration.TotalSeconds, results.Sum(r => r.Bytes), latencies,
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null), cpuSeconds, load);
    }

    private static async Task<double> SampleCpuAsync(Func<TimeSpan>? serverCpu, long from, long to)
    {
        if (serverCpu is null) return double.NaN;
        static TimeSpan Until(long timestamp) => TimeSpan.FromSeconds(Math.Max(0, (timestamp - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
        await Task.Delay(Until(from));
        var start = serverCpu();
        await Task.Delay(Until(to));
        return (serverCpu() - start).TotalSeconds;
    }

    private sealed class WorkerResult
    {
        public List<long> Latencies { get; } = new(100_000);
        public long Errors { get; set; }
        public long Bytes { get; set; }
        public string? FirstError { get; set; }
    }

    private static async Task<WorkerResult> WorkerAsync(HttpClient http, Uri url, string? cookie, long from, long to)
    {
        var result = new WorkerResult();
        while (Stopwatch.GetTimestamp() < to)
        {
            var t0 = Stopwatch.GetTimestamp();
            string? error = null;
            long bytes = 0;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (cookie is not null) request.Headers.Add("Cookie", cookie);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                bytes = body.Length;
                if (response.StatusCode != HttpStatusCode.OK) error = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
            catch (TaskCanceledException)
            {
                error = "timeout";
            }
            var t1 = Stopwatch.GetTimestamp();
            if (t1 < from || t1 > to) continue;
            result.Bytes += bytes;
            if (error is null)
            {
                result.Latencies.Add(t1 - t0);
            }
            else
            {
                result.Errors++;
                result.FirstError ??= error;
            }
        }
        return result;
    }

    /// <summary>One request before the load, to show the page is what we think it is: status and body.</summary>
    public static async Task<(int Status, string Body)> ProbeAsync(Uri url, string? cookie)
    {
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body);
    }

    /// <summary>How often <paramref name="marker"/> occurs in <paramref name="body"/>.</summary>
    public static int Count(string body, string marker)
    {
        var n = 0;
        for (var i = body.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = body.IndexOf(marker, i + marker.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}
