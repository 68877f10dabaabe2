#!/usr/bin/env bash
# One entry point for the imaging benchmark: installs what it needs (real photographs from Debian wallpaper
# packages, node sharp pinned in package.json), builds the .NET harness in Release, then runs side by side, in this
# one run on this machine: PixelFlow's pipeline (ImageProcessor), raw libvips through the same binding
# (thumbnail_buffer + save), node sharp, and the .NET runs again against sharp's libvips 8.18 build
# (ImagingOptions.LibraryPath); then the targets as paired ratios (ratios.sh). Writes bench/results/results.md.
#   THUMB_COUNT (default 1000)  RESIZE_COUNT (default 200)  MULTI_COUNT (default 100, also for srcset)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
THUMB_COUNT=${THUMB_COUNT:-1000}; RESIZE_COUNT=${RESIZE_COUNT:-200}; MULTI_COUNT=${MULTI_COUNT:-100}

# 1. photographs >= 2000 px (JPEG) from Debian wallpaper packages
bash photos.sh
mkdir -p results

# 2. node sharp (and its libvips build, which the .NET harness can load too)
[ -d node_modules/sharp ] || npm install --no-audit --no-fund --silent
sharp_lib=$(ls "$PWD"/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.* | head -1)

# 3. the .NET harness
dotnet build "$root/bench/PixelFlow.Benchmarks" -c Release -nologo -v q >/dev/null
# The .NET harness runs as the worker is deployed (./pixelflow, the AppHost): large buffers in huge pages (NativeHeap.cs).
# sharp runs as shipped; ratios.sh also times it with the same setting, for scale.
bench=(env GLIBC_TUNABLES=glibc.malloc.hugetlb=1 dotnet "$root/artifacts/bin/PixelFlow.Benchmarks/release/PixelFlow.Benchmarks.dll")

out=results/raw.txt; phases=results/phases.txt; : > "$out"; : > "$phases"
run() {
  local lines
  echo "+ $*" >&2
  lines=$("$@" | grep -E '^(RESULT|PHASES)')
  grep '^PHASES' <<< "$lines" >> "$phases" || true
  grep '^RESULT' <<< "$lines" | tee -a "$out"
}
for s in thumb:$THUMB_COUNT resize:$RESIZE_COUNT multi:$MULTI_COUNT srcset:$MULTI_COUNT; do
  sc=${s%%:*}; n=${s##*:}
  run "${bench[@]}" pipeline "$sc" "$n" photos
  case $sc in thumb|resize) run "${bench[@]}" raw "$sc" "$n" photos;; esac
  run node sharp-bench.js "$sc" "$n" photos
  run "${bench[@]}" pipeline "$sc" "$n" photos --lib "$sharp_lib"
  case $sc in thumb|resize) run "${bench[@]}" raw "$sc" "$n" photos --lib "$sharp_lib";; esac
done

{
  echo "# Imaging benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(ls photos | wc -l) photographs ($(for f in photos/*; do vipsheader -f width "$f"; done | sort -n | head -1)–$(for f in photos/*; do vipsheader -f width "$f"; done | sort -n | tail -1) px wide), one image at a time, libvips/sharp concurrency 1; the .NET runs with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as the AppHost starts the worker; sharp as shipped."
  echo "thumb = 300 px WebP q80; resize = 1600 px JPEG q85; multi = one job with 5 outputs in mixed formats: 1600 JPEG q85, 1024 WebP q80, 640 JPEG q80, 300 WebP q80, 150 JPEG q75; srcset = one job with 5 JPEG outputs: 1600 q85, 1024 q80, 640 q80, 300 q80, 150 q75 (widths, aspect kept). The largest output of both alone is the resize scenario."
  echo "Encoder settings are sharp's defaults in every implementation: JPEG with optimised Huffman tables, 4:2:0; WebP effort 4, no smart subsampling."
  echo "Warm-up = the first count/10 images, and at least 5 s (untimed). RSS after warm-up = mean VmRSS over the first max(10, count/10) timed images; RSS after run = mean over the last as many; drift = their difference (means: RSS between two periodic malloc_trims is bimodal, and a median flips between the modes). The drift target is for the 1,000-image thumb runs. Peak RSS = VmHWM. The .NET harness samples without allocating, so its own garbage is not counted as growth."
  echo "CPU-ms per image (user + system, all threads) is the steadier figure on a shared machine."
  echo
  echo "| implementation | libvips | scenario | images | images/s | CPU-ms/image | peak RSS MB | RSS after warm-up MB | RSS after run MB | drift % | bytes/image |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  sed 's/^RESULT//; s/|/ | /g; s/^ //; s/$/ |/' "$out"
  echo
  echo "Decode once: CPU-ms of a 5-output job / CPU-ms of its largest output alone, the resize scenario (target ≤ 1.5)."
  echo
  echo "| implementation | libvips | job | resize CPU-ms | 5-output job CPU-ms | ratio |"
  echo "|---|---|---|---|---|---|"
  awk -F'|' '$4=="resize"{r[$2"|"$3]=$7} $4=="multi"||$4=="srcset"{m[$2"|"$3"|"$4]=$7} END{for (k in m) {split(k, p, "|"); rk=p[1]"|"p[2]; if (rk in r) printf "| %s | %s | %s | %s | %s | %.2f |\n", p[1], p[2], p[3], r[rk], m[k], m[k]/r[rk]}}' "$out" | sort
  echo
  echo "Where the pipeline's CPU goes (CPU-ms per job): opening the source (probe, and the decode when the job has several outputs; a single output streams, so its decode counts in its render), then each output's own render (resize from the decoded or a larger rendered image, encode). A 5-output job cannot cost less than its largest output alone plus the other four renders."
  echo
  echo "| libvips | job | open + decode | renders |"
  echo "|---|---|---|---|"
  awk -F'|' '{r=""; for (i = 7; i <= NF; i++) r = r (i > 7 ? ", " : "") $i; printf "| %s | %s | %s | %s |\n", $3, $4, $6, r}' "$phases"
} > results/results.md

# 4. the targets as paired ratios (short interleaved runs; see ratios.sh)
bash ./ratios.sh >/dev/null
{ echo; cat results/ratios.md; } >> results/results.md
cat results/results.md
