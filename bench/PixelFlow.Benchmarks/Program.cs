using System.Diagnostics;
using System.Globalization;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using PixelFlow.Imaging.Native;

// Usage: PixelFlow.Benchmarks <pipeline|raw> <thumb|resize|multi|srcset> <count> <photo-dir> [--lib PATH] [--concurrency N]
//        [--mmap-threshold BYTES] [--arena-max N] [--trim-ms MS] [--trace EVERY]
// Processes <count> images one after another (cycling the photos, held in memory) after a warm-up, and prints one
// RESULT line that bench/run.sh turns into a markdown table. Never used by tests: timings live here only.
var mode = args[0];
var scenario = args[1];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var photos = Directory.GetFiles(args[3]).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
var lib = Option("--lib") ?? VipsLibrary.DefaultLibraryPath;
var concurrency = int.Parse(Option("--concurrency") ?? "1", CultureInfo.InvariantCulture);

var options = new ImagingOptions { LibraryPath = lib, Concurrency = concurrency };
if (Option("--mmap-threshold") is { } threshold)
    options.NativeMmapThresholdBytes = int.Parse(threshold, CultureInfo.InvariantCulture);
if (Option("--arena-max") is { } arenas)
    options.NativeArenaMax = int.Parse(arenas, CultureInfo.InvariantCulture);
if (Option("--trim-ms") is { } trim)
    options.NativeTrimInterval = TimeSpan.FromMilliseconds(int.Parse(trim, CultureInfo.InvariantCulture));
var processor = new ImageProcessor(options);
var outputs = scenario switch
{
    "thumb" => new[] { Out("thumb", 300, OutputFormats.Webp, 80) },
    "resize" => [Out("large", 1600, OutputFormats.Jpeg, 85)],
    "multi" => [Out("large", 1600, OutputFormats.Jpeg, 85), Out("medium", 1024, OutputFormats.Webp, 80), Out("small", 640, OutputFormats.Jpeg, 80),
        Out("thumb", 300, OutputFormats.Webp, 80), Out("tiny", 150, OutputFormats.Jpeg, 75)],
    "srcset" => [Out("large", 1600, OutputFormats.Jpeg, 85), Out("medium", 1024, OutputFormats.Jpeg, 80), Out("small", 640, OutputFormats.Jpeg, 80),
        Out("thumb", 300, OutputFormats.Jpeg, 80), Out("tiny", 150, OutputFormats.Jpeg, 75)],
    _ => throw new ArgumentException($"unknown scenario {scenario}"),
};

// Warm-up: count/10 untimed images (at least 3, and at least 5 s) first. RSS is sampled after every timed image; "after warm-up" is
// the median over the first `window` timed images, "end" the median over the last `window` (window = count/20, at
// least 10). Medians, because RSS right after one particular photograph (the 4096² progressive JPEG) sits ≈ 14 MB
// above the rest until the next periodic malloc_trim: a mean then measures how many of those land in each window,
// not growth. No forced GC: node gets none either.
long bytesOut = 0;
var window = Math.Min(count, Math.Max(10, count / 20));
// At least 5 s of warm-up too: the runtime's tiered JIT recompiles hot methods in the background during the first
// seconds, which a short run would otherwise count (≈ 5 CPU-ms per image over 80 thumbnails); a worker runs for days.
var warmup = 0;
var warming = Stopwatch.StartNew();
while (warmup < Math.Max(3, count / 10) || warming.Elapsed < TimeSpan.FromSeconds(5))
    Process(photos[warmup++ % photos.Length]);
bytesOut = 0;

var process = System.Diagnostics.Process.GetCurrentProcess();
var cpuStart = process.TotalProcessorTime;
var clock = Stopwatch.StartNew();
var trace = Option("--trace") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 0;
var rssSamples = new List<long>(count);
for (var i = 0; i < count; i++)
{
    Process(photos[(warmup + i) % photos.Length]);
    if (i < window || i >= count - window)
        rssSamples.Add(Rss("VmRSS"));
    if (trace > 0 && (i + 1) % trace == 0)
        Trace(i + 1);
}
clock.Stop();
process.Refresh();
var cpu = process.TotalProcessorTime - cpuStart;
var rssWarm = Median(rssSamples.Take(window));
var rssEnd = Median(rssSamples.TakeLast(window));
var libName = Path.GetFileName(lib) + " " + VipsLibrary.Version;

Console.WriteLine(string.Join('|', "RESULT", $".NET {mode}", libName, scenario, count,
    F(count / clock.Elapsed.TotalSeconds), F(cpu.TotalMilliseconds / count), F(Rss("VmHWM") / 1024.0), F(rssWarm / 1024.0), F(rssEnd / 1024.0),
    F((rssEnd - rssWarm) * 100.0 / rssWarm), bytesOut / count));
return;

void Process(byte[] photo)
{
    if (mode == "pipeline")
    {
        using var decoded = processor.Open(photo, outputs, ProcessingLimits.Default);
        foreach (var spec in outputs)
        {
            using var output = decoded.Render(spec, new Dictionary<string, ReadOnlyMemory<byte>>());
            bytesOut += output.Data.Length;
        }

        return;
    }

    // raw libvips through the same binding: thumbnail_buffer + save, nothing else
    foreach (var spec in outputs)
    {
        var width = spec.Steps[0].Width!.Value;
        using var thumb = VipsOperation.Image("thumbnail_buffer", ("buffer", photo), ("width", width), ("height", 10_000_000));
        using var encoded = spec.Format == OutputFormats.Webp
            ? thumb.SaveToBuffer("webpsave_buffer", ("Q", spec.Quality!.Value), ("strip", true))
            : thumb.SaveToBuffer("jpegsave_buffer", ("Q", spec.Quality!.Value), ("optimize_coding", true), ("strip", true));
        bytesOut += encoded.Length;
    }
}

// Where memory sits: RSS, the managed heap, libvips' tracked pixel memory, glibc's heap (in use / free in arenas / mmapped).
static void Trace(int image)
{
    var gc = GC.GetGCMemoryInfo();
    var m = mallinfo2();
    Console.Error.WriteLine(string.Join(' ', $"TRACE {image}", $"rss={Rss("VmRSS") / 1024.0:0.0}", $"gcheap={gc.HeapSizeBytes / 1048576.0:0.0}",
        $"gccommitted={gc.TotalCommittedBytes / 1048576.0:0.0}", $"vips={VipsLibrary.TrackedMemory / 1048576.0:0.0}",
        $"malloc_used={m.uordblks / 1048576.0:0.0}", $"malloc_free={m.fordblks / 1048576.0:0.0}", $"mmapped={m.hblkhd / 1048576.0:0.0}",
        $"arena={m.arena / 1048576.0:0.0}"));
}

[System.Runtime.InteropServices.DllImport("libc")]
static extern MallInfo2 mallinfo2();

static OutputSpec Out(string id, int width, string format, int quality) => new()
{
    Id = id, Format = format, Quality = quality, Steps = [new OperationSpec { Action = Actions.Resize, Width = width }],
};

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static long Rss(string field) =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture); // kB

static double Median(IEnumerable<long> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
}

static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
internal struct MallInfo2
{
    public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
}
