#!/usr/bin/env bash
# Paired ratios for the imaging targets, robust to a shared machine whose speed drifts during a long run: short runs
# of every implementation, back to back, in an order rotated each round; each ratio is computed within a round and
# the median over the rounds is reported (with the range). Called by run.sh after the long runs (which give the
# absolute figures and RSS); can be run alone once run.sh has installed what it needs.
# The .NET runs start with glibc huge pages for large buffers, as the worker is deployed; sharp runs as shipped and,
# for scale, with the same setting.
#   ROUNDS (default 5)  THUMB_N (default 81)  RESIZE_N (default 27)  MULTI_N (default 18): multiples of the 9 photos, so every photo weighs the same
#   HANDWRITTEN_BINDING=path/to/PixelFlow.Benchmarks.dll: instead, compare that build of the harness (the project's
#   former hand-written P/Invoke binding, commit d1925b9, loading NetVips.Native's libvips 8.18.7 file) with NetVips
#   on the same libvips, every scenario; writes results/binding.md (CPU ratios and each run's RSS drift).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
ROUNDS=${ROUNDS:-5}; THUMB_N=${THUMB_N:-81}; RESIZE_N=${RESIZE_N:-27}; MULTI_N=${MULTI_N:-18}
hugepages=GLIBC_TUNABLES=glibc.malloc.hugetlb=1 # as the worker is deployed (see run.sh)
bench=(env "$hugepages" dotnet "$root/artifacts/bin/PixelFlow.Benchmarks/release/PixelFlow.Benchmarks.dll")
bundled_lib=$(ls "$root"/artifacts/bin/PixelFlow.Benchmarks/release/runtimes/linux-x64/native/libvips.so.42)

# implementation name -> "CPU-ms per image" and "RSS drift %" of one short run
cpu() { # impl scenario count
  local impl=$1 sc=$2 n=$3 line
  case $impl in
    ours-8.14) line=$("${bench[@]}" pipeline "$sc" "$n" photos --library system) ;;
    raw-8.14) line=$("${bench[@]}" raw "$sc" "$n" photos --library system) ;;
    ours-8.18) line=$("${bench[@]}" pipeline "$sc" "$n" photos --library bundled) ;;
    raw-8.18) line=$("${bench[@]}" raw "$sc" "$n" photos --library bundled) ;;
    # The former harness sets only the mmap threshold; glibc takes its trim threshold from the tunable: the same heap as NetVips' side.
    handwritten-8.18) line=$(env "$hugepages:glibc.malloc.trim_threshold=33554432" dotnet "$HANDWRITTEN_BINDING" pipeline "$sc" "$n" photos --lib "$bundled_lib" --mmap-threshold 4194304) ;;
    sharp-8.18) line=$(node sharp-bench.js "$sc" "$n" photos) ;;
    sharp-hugepages-8.18) line=$(env "$hugepages" node sharp-bench.js "$sc" "$n" photos) ;;
  esac
  echo "$line" | grep '^RESULT' | cut -d'|' -f7,11 | tr '|' ' '
}

if [ -n "${HANDWRITTEN_BINDING:-}" ]; then
  specs=("thumb:$THUMB_N:handwritten-8.18 ours-8.18" "resize:$RESIZE_N:handwritten-8.18 ours-8.18"
         "multi:$MULTI_N:handwritten-8.18 ours-8.18" "srcset:$MULTI_N:handwritten-8.18 ours-8.18")
  out=results/binding.txt
else
  specs=("thumb:$THUMB_N:ours-8.14 raw-8.14 ours-8.18 raw-8.18 sharp-8.18 sharp-hugepages-8.18"
         "resize:$RESIZE_N:ours-8.14 raw-8.14 ours-8.18 raw-8.18 sharp-8.18 sharp-hugepages-8.18"
         "multi:$MULTI_N:ours-8.14 ours-8.18 sharp-8.18"
         "srcset:$MULTI_N:ours-8.14 ours-8.18 sharp-8.18")
  out=results/ratios.txt
fi
mkdir -p results; : > "$out"
for round in $(seq "$ROUNDS"); do
  for spec in "${specs[@]}"; do
    sc=${spec%%:*}; rest=${spec#*:}; n=${rest%%:*}; read -r -a impls <<< "${rest#*:}"
    k=${#impls[@]}
    for ((i = 0; i < k; i++)); do
      impl=${impls[$(( (i + round) % k ))]}
      echo "ROUND $round $sc $impl $(cpu "$impl" "$sc" "$n")" | tee -a "$out" >&2
    done
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
if [ -n "${HANDWRITTEN_BINDING:-}" ]; then
  {
    echo "Paired: $ROUNDS rounds; in each, the hand-written binding and NetVips back to back (order alternating), same libvips 8.18.7 file, same photos, one thread, huge pages; ratio = NetVips CPU ÷ hand-written CPU within a round, median over the rounds (range)."
    echo
    echo "| scenario | images per run | NetVips ÷ hand-written CPU, median | range | CPU-ms/image hand-written (median) | NetVips (median) | RSS drift % hand-written (median) | NetVips (median) |"
    echo "|---|---|---|---|---|---|---|---|"
    for sc in thumb resize multi srcset; do
      ratios=$(awk -v sc="$sc" '$3 == sc { cpu[$2" "$4] = $5 } END { for (k in cpu) { split(k, p, " "); if (p[2] == "ours-8.18") print cpu[k] / cpu[p[1]" handwritten-8.18"] } }' "$out")
      n=$(case $sc in thumb) echo "$THUMB_N";; resize) echo "$RESIZE_N";; *) echo "$MULTI_N";; esac)
      col() { awk -v sc="$sc" -v impl="$1" -v f="$2" '$3 == sc && $4 == impl { print $f }' "$out" | median; }
      echo "| $sc | $n | $(median <<< "$ratios") | $(sort -g <<< "$ratios" | head -1)–$(sort -g <<< "$ratios" | tail -1) | $(col handwritten-8.18 5) | $(col ours-8.18 5) | $(col handwritten-8.18 6) | $(col ours-8.18 6) |"
    done
  } > results/binding.md
  cat results/binding.md
  exit 0
fi

{
  echo "Paired ratios: $ROUNDS rounds of short runs (thumb ×$THUMB_N, resize ×$RESIZE_N, 5-output jobs ×$MULTI_N, each after its own warm-up), every implementation back to back in an order rotated each round; each ratio is taken within a round, then the median over the rounds (range in brackets)."
  echo
  echo "| target | ratio | median | range |"
  echo "|---|---|---|---|"
  awk '
    { cpu[$2" "$3" "$4] = $5; rounds[$2] = 1 }
    function report(target, label, numsc, numimpl, densc, denimpl,    r, n, v, i, j, t) {
      n = 0
      for (r in rounds) { v[++n] = cpu[r" "numsc" "numimpl] / cpu[r" "densc" "denimpl] }
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      printf "| %s | %s | %.2f | %.2f–%.2f |\n", target, label, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[1], v[n]
    }
    END {
      report("≥ 0.95× raw libvips", "thumb, 8.14: raw CPU ÷ ours", "thumb", "raw-8.14", "thumb", "ours-8.14")
      report("≥ 0.95× raw libvips", "thumb, 8.18: raw CPU ÷ ours", "thumb", "raw-8.18", "thumb", "ours-8.18")
      report("≥ 0.95× raw libvips", "resize, 8.14: raw CPU ÷ ours", "resize", "raw-8.14", "resize", "ours-8.14")
      report("≥ 0.95× raw libvips", "resize, 8.18: raw CPU ÷ ours", "resize", "raw-8.18", "resize", "ours-8.18")
      report("≥ 1.0× sharp, same libvips", "thumb, 8.18: sharp CPU ÷ ours", "thumb", "sharp-8.18", "thumb", "ours-8.18")
      report("≥ 1.0× sharp, same libvips", "resize, 8.18: sharp CPU ÷ ours", "resize", "sharp-8.18", "resize", "ours-8.18")
      report("≥ 1.0× sharp, same libvips", "multi, 8.18: sharp CPU ÷ ours", "multi", "sharp-8.18", "multi", "ours-8.18")
      report("≥ 1.0× sharp, same libvips", "srcset, 8.18: sharp CPU ÷ ours", "srcset", "sharp-8.18", "srcset", "ours-8.18")
      report("decode once ≤ 1.5×", "srcset ÷ resize, ours 8.14", "srcset", "ours-8.14", "resize", "ours-8.14")
      report("decode once ≤ 1.5×", "srcset ÷ resize, ours 8.18", "srcset", "ours-8.18", "resize", "ours-8.18")
      report("decode once ≤ 1.5×", "multi ÷ resize, ours 8.14", "multi", "ours-8.14", "resize", "ours-8.14")
      report("decode once ≤ 1.5×", "multi ÷ resize, ours 8.18", "multi", "ours-8.18", "resize", "ours-8.18")
      report("(for scale)", "thumb, 8.18: sharp with huge pages CPU ÷ ours", "thumb", "sharp-hugepages-8.18", "thumb", "ours-8.18")
      report("(for scale)", "resize, 8.18: sharp with huge pages CPU ÷ ours", "resize", "sharp-hugepages-8.18", "resize", "ours-8.18")
      report("(sharp, for scale)", "srcset ÷ resize, sharp 8.18", "srcset", "sharp-8.18", "resize", "sharp-8.18")
      report("(sharp, for scale)", "multi ÷ resize, sharp 8.18", "multi", "sharp-8.18", "resize", "sharp-8.18")
    }' "$out"
} > results/ratios.md
cat results/ratios.md
