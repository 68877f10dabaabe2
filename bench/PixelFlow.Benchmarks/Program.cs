using System.Diagnostics;
using System.Globalization;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging;
using NetVips;
using PixelFlow.Imaging.Native;

// Usage: PixelFlow.Benchmarks <pipeline|raw> <thumb|resize|pair|multi|srcset> <count> <photo-dir> [--library bundled|system] [--concurrency N]
//        [--mmap-threshold BYTES] [--trim-threshold BYTES] [--arena-max N] [--trim-ms MS] [--trace EVERY] [--rss-log FILE] [--settle-dump DIR]
// Processes <count> images one after another (cycling the photos, held in memory) after a warm-up, and prints one
// RESULT line that bench/run.sh turns into a markdown table. Never used by tests: timings live here only.
var mode = args[0];
var scenario = args[1];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var photos = Directory.GetFiles(args[3]).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
var library = Enum.Parse<LibvipsBuild>(Option("--library") ?? nameof(LibvipsBuild.Bundled), ignoreCase: true);
var concurrency = int.Parse(Option("--concurrency") ?? "1", CultureInfo.InvariantCulture);

var options = new ImagingOptions { Library = library, Concurrency = concurrency };
if (Option("--mmap-threshold") is { } threshold)
    options.NativeMmapThresholdBytes = int.Parse(threshold, CultureInfo.InvariantCulture);
if (Option("--trim-threshold") is { } trimThreshold)
    options.NativeTrimThresholdBytes = int.Parse(trimThreshold, CultureInfo.InvariantCulture);
if (Option("--arena-max") is { } arenas)
    options.NativeArenaMax = int.Parse(arenas, CultureInfo.InvariantCulture);
if (Option("--trim-ms") is { } trim)
    options.NativeTrimInterval = TimeSpan.FromMilliseconds(int.Parse(trim, CultureInfo.InvariantCulture));
var processor = new ImageProcessor(options);
var outputs = scenario switch
{
    "thumb" => new[] { Out("thumb", 300, OutputFormats.Webp, 80) },
    "resize" => [Out("large", 1600, OutputFormats.Jpeg, 85)],
    // The job bench/e2e sends through the whole service: its in-process cost is what the service is measured against.
    "pair" => [Out("thumb", 300, OutputFormats.Webp, 80), Out("large", 1600, OutputFormats.Jpeg, 85)],
    "multi" => [Out("large", 1600, OutputFormats.Jpeg, 85), Out("medium", 1024, OutputFormats.Webp, 80), Out("small", 640, OutputFormats.Jpeg, 80),
        Out("thumb", 300, OutputFormats.Webp, 80), Out("tiny", 150, OutputFormats.Jpeg, 75)],
    "srcset" => [Out("large", 1600, OutputFormats.Jpeg, 85), Out("medium", 1024, OutputFormats.Jpeg, 80), Out("small", 640, OutputFormats.Jpeg, 80),
        Out("thumb", 300, OutputFormats.Jpeg, 80), Out("tiny", 150, OutputFormats.Jpeg, 75)],
    _ => throw new ArgumentException($"unknown scenario {scenario}"),
};

// Warm-up: count/10 untimed images (at least 3, and at least 5 s) first. RSS is sampled after every timed image; "after warm-up" is
// the mean over the first `window` timed images, "end" the mean over the last `window` (window = count/10, at least
// 10). Means, because RSS between two periodic malloc_trims is bimodal (≈ 81 or ≈ 87 MB on the thumbnails, by
// whether freed buffers were handed back yet): a median flips between the two modes with the share of each in a
// window (±7% on an unchanged process), the mean moves with it. No forced GC: node gets none either.
long bytesOut = 0;
// Pipeline mode: CPU spent opening the source (probe + decode) and rendering each output, summed over the timed
// images. Shows where a multi-output job's cost goes: one decode, then each output's own resize and encode.
var phaseCpu = new double[outputs.Length + 1];
var rusage = new long[18];
using var statm = File.OpenHandle("/proc/self/statm");
var statmBytes = new byte[256];
var window = Math.Min(count, Math.Max(10, count / 10));
// At least 5 s of warm-up too: the runtime's tiered JIT recompiles hot methods in the background during the first
// seconds, which a short run would otherwise count (≈ 5 CPU-ms per image over 80 thumbnails); a worker runs for days.
// The timed images always start at the first photo, whatever the warm-up took: paired runs then process the same
// images (starting wherever a time-bound warm-up stopped made two runs of 15 differ by up to 7 % in output bytes).
var warmup = 0;
var warming = Stopwatch.StartNew();
while (warmup < Math.Max(3, count / 10) || warming.Elapsed < TimeSpan.FromSeconds(5))
    Process(photos[warmup++ % photos.Length]);
bytesOut = 0;
Array.Clear(phaseCpu);
var settleDump = Option("--settle-dump");
if (settleDump is not null)
    Settle("warm");

var process = System.Diagnostics.Process.GetCurrentProcess();
var cpuStart = process.TotalProcessorTime;
var faultsStart = MinorFaults();
var clock = Stopwatch.StartNew();
var trace = Option("--trace") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 0;
var rssSamples = new List<long>(count);
for (var i = 0; i < count; i++)
{
    Process(photos[i % photos.Length]);
    rssSamples.Add(RssKb());
    if (trace > 0 && (i + 1) % trace == 0)
        Trace(i + 1);
}
clock.Stop();
if (settleDump is not null)
    Settle("end");
if (Option("--rss-log") is { } rssLog)
    File.WriteAllLines(rssLog, rssSamples.Select(v => v.ToString(CultureInfo.InvariantCulture)));
process.Refresh();
var cpu = process.TotalProcessorTime - cpuStart;
var rssWarm = rssSamples.Take(window).Average();
var rssEnd = rssSamples.TakeLast(window).Average();
var libName = $"NetVips, {library.ToString().ToLowerInvariant()} libvips {Libvips.Version}";

Console.WriteLine(string.Join('|', "RESULT", $".NET {mode}", libName, scenario, count,
    F(count / clock.Elapsed.TotalSeconds), F(cpu.TotalMilliseconds / count), F(Rss("VmHWM") / 1024.0), F(rssWarm / 1024.0), F(rssEnd / 1024.0),
    F((rssEnd - rssWarm) * 100.0 / rssWarm), bytesOut / count));
// Page faults are counted by the kernel, not timed: they compare two runs on a noisy machine exactly.
Console.WriteLine($"FAULTS|{scenario}|{F((MinorFaults() - faultsStart) / (double)count)}");
if (mode == "pipeline")
    Console.WriteLine(string.Join('|', ["PHASES", $".NET {mode}", libName, scenario, count, F(phaseCpu[0] / count),
        .. outputs.Select((o, i) => $"{o.Id} {o.Steps[0].Width} {o.Format} {F(phaseCpu[i + 1] / count)}")]));
return;

void Process(byte[] photo)
{
    if (mode == "pipeline")
    {
        var before = CpuMs();
        using var decoded = processor.Open(photo, outputs, ProcessingLimits.Default);
        phaseCpu[0] += CpuMs() - before;
        for (var i = 0; i < outputs.Length; i++)
        {
            before = CpuMs();
            using var output = decoded.Render(outputs[i], new Dictionary<string, ReadOnlyMemory<byte>>());
            phaseCpu[i + 1] += CpuMs() - before;
            bytesOut += output.Data.Length;
        }

        return;
    }

    // raw libvips through the same binding: thumbnail_buffer + save, nothing else
    foreach (var spec in outputs)
    {
        var width = spec.Steps[0].Width!.Value;
        using var thumb = Image.ThumbnailBuffer(photo, width, height: 10_000_000);
        var encoded = spec.Format == OutputFormats.Webp
            ? thumb.WebpsaveBuffer(spec.Quality!.Value, keep: Enums.ForeignKeep.None)
            : thumb.JpegsaveBuffer(spec.Quality!.Value, optimizeCoding: true, keep: Enums.ForeignKeep.None);
        bytesOut += encoded.Length;
    }
}

// Diagnostics: RSS once the periodic malloc_trim has run with nothing in flight, and the mappings behind it.
void Settle(string name)
{
    Thread.Sleep(2500);
    File.Copy("/proc/self/smaps", Path.Combine(settleDump!, $"smaps-{name}"), overwrite: true);
    Console.Error.WriteLine($"SETTLED {name} rss={Rss("VmRSS") / 1024.0:0.0} anon={Rss("RssAnon") / 1024.0:0.0} " +
        $"allocated={GC.GetTotalAllocatedBytes() / 1048576.0:0.0}MB gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}");
}

// The per-image samples allocate nothing: the harness' own garbage would otherwise fill the GC's first generation
// over the run (≈ 10 KB per image read from /proc/self/status, no collection in 1,000 thumbnails) and show up as
// RSS growth that the pipeline does not have.
double CpuMs()
{
    getrusage(0, rusage); // RUSAGE_SELF: ru_utime, ru_stime (seconds, microseconds each), then 14 counters
    return (rusage[0] + rusage[2]) * 1000.0 + (rusage[1] + rusage[3]) / 1000.0;
}

// Minor page faults of this process so far (/proc/self/stat field 10).
long MinorFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(") ")[1].Split(' ')[7], CultureInfo.InvariantCulture);

long RssKb()
{
    var read = RandomAccess.Read(statm, statmBytes, 0); // "size resident shared ..." in pages
    var fields = statmBytes.AsSpan(0, read);
    fields = fields[(fields.IndexOf((byte)' ') + 1)..];
    System.Buffers.Text.Utf8Parser.TryParse(fields, out long pages, out _);
    return pages * Environment.SystemPageSize / 1024;
}

// Where memory sits: RSS, the managed heap, libvips' tracked pixel memory, glibc's heap (in use / free in arenas / mmapped).
static void Trace(int image)
{
    var gc = GC.GetGCMemoryInfo();
    var m = mallinfo2();
    Console.Error.WriteLine(string.Join(' ', $"TRACE {image}", $"rss={Rss("VmRSS") / 1024.0:0.0}", $"anon={Rss("RssAnon") / 1024.0:0.0}",
        $"file={Rss("RssFile") / 1024.0:0.0}", $"gcheap={gc.HeapSizeBytes / 1048576.0:0.0}",
        $"gccommitted={gc.TotalCommittedBytes / 1048576.0:0.0}", $"vips={Libvips.TrackedMemory / 1048576.0:0.0}",
        $"malloc_used={m.uordblks / 1048576.0:0.0}", $"malloc_free={m.fordblks / 1048576.0:0.0}", $"mmapped={m.hblkhd / 1048576.0:0.0}",
        $"arena={m.arena / 1048576.0:0.0}", $"threads={Rss("Threads")}"));
}

[System.Runtime.InteropServices.DllImport("libc")]
static extern MallInfo2 mallinfo2();

[System.Runtime.InteropServices.DllImport("libc")]
static extern int getrusage(int who, [System.Runtime.InteropServices.Out] long[] usage);

static OutputSpec Out(string id, int width, string format, int quality) => new()
{
    Id = id, Format = format, Quality = quality, Steps = [new OperationSpec { Action = Actions.Resize, Width = width }],
};

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static long Rss(string field) =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
        .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture); // kB (or a count)

static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
internal struct MallInfo2
{
    public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
}
