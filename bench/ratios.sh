#!/usr/bin/env bash
# Paired ratios for the imaging targets, robust to a shared machine whose speed drifts during a long run: short runs
# of every implementation, back to back, in an order rotated each round; each ratio is computed within a round and
# the median over the rounds is reported (with the range). Called by run.sh after the long runs (which give the
# absolute figures and RSS); can be run alone once run.sh has installed what it needs.
# The .NET runs start with glibc huge pages for large buffers, as the worker is deployed; sharp runs as shipped and,
# for scale, with the same setting.
#   ROUNDS (default 5)  THUMB_N (default 80)  RESIZE_N (default 30)  MULTI_N (default 15)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
ROUNDS=${ROUNDS:-5}; THUMB_N=${THUMB_N:-80}; RESIZE_N=${RESIZE_N:-30}; MULTI_N=${MULTI_N:-15}
sharp_lib=$(ls "$PWD"/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.* | head -1)
hugepages=GLIBC_TUNABLES=glibc.malloc.hugetlb=1 # as the worker is deployed (see run.sh)
bench=(env "$hugepages" dotnet "$root/artifacts/bin/PixelFlow.Benchmarks/release/PixelFlow.Benchmarks.dll")

# implementation name -> command prefix (scenario, count and photo directory follow)
cpu() { # impl scenario count -> CPU-ms per image
  local impl=$1 sc=$2 n=$3 line
  case $impl in
    ours-8.14) line=$("${bench[@]}" pipeline "$sc" "$n" photos) ;;
    raw-8.14) line=$("${bench[@]}" raw "$sc" "$n" photos) ;;
    ours-8.18) line=$("${bench[@]}" pipeline "$sc" "$n" photos --lib "$sharp_lib") ;;
    raw-8.18) line=$("${bench[@]}" raw "$sc" "$n" photos --lib "$sharp_lib") ;;
    sharp-8.18) line=$(node sharp-bench.js "$sc" "$n" photos) ;;
    sharp-hugepages-8.18) line=$(env "$hugepages" node sharp-bench.js "$sc" "$n" photos) ;;
  esac
  echo "$line" | grep '^RESULT' | cut -d'|' -f7
}

out=results/ratios.txt; : > "$out"
for round in $(seq "$ROUNDS"); do
  for spec in "thumb:$THUMB_N:ours-8.14 raw-8.14 ours-8.18 raw-8.18 sharp-8.18 sharp-hugepages-8.18" \
              "resize:$RESIZE_N:ours-8.14 raw-8.14 ours-8.18 raw-8.18 sharp-8.18 sharp-hugepages-8.18" \
              "multi:$MULTI_N:ours-8.14 ours-8.18 sharp-8.18" \
              "srcset:$MULTI_N:ours-8.14 ours-8.18 sharp-8.18"; do
    sc=${spec%%:*}; rest=${spec#*:}; n=${rest%%:*}; read -r -a impls <<< "${rest#*:}"
    k=${#impls[@]}
    for ((i = 0; i < k; i++)); do
      impl=${impls[$(( (i + round) % k ))]}
      echo "ROUND $round $sc $impl $(cpu "$impl" "$sc" "$n")" | tee -a "$out" >&2
    done
  done
done

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
