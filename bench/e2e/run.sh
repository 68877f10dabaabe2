#!/usr/bin/env bash
# End-to-end benchmark of the whole service, in one run on this machine (see README "End-to-end throughput"):
#   1. the engine in-process (bench/PixelFlow.Benchmarks, scenario "pair"): the same job's work with no service
#      around it, one image at a time per process, one process per core (the most this machine can do);
#   2. PixelFlow as users run it (the AppHost, local mode; started here unless already up): a burst of presigned
#      jobs, a multipart stream at 4 in flight, and single-job latency on an idle system;
#   3. the comparison service (nodeflow/: express + multer → S3 → BullMQ → sharp worker, job rows in Postgres) on the
#      very same Postgres, Redis and S3 server: the same multipart stream and single jobs.
# Rounds alternate which system goes first; ratios are taken within a round and their medians reported.
# Every job: a photo (2560 px JPEG) into a 300 px WebP q80 and a 1600 px JPEG q85.
# Both services are warmed first (WARMUP_N jobs each, not recorded): a freshly started .NET service spends its first
# minutes re-JITting hot code in tiers, which a service that runs for days does not pay; the engine's harness warms
# up the same way. Measured 2026-11-30 in 40-job windows of the stream after a start: the two API replicas spent
# 290, 200, 160, 130 and 125 CPU-ms a job over the first 200 jobs, then 40-55 from about the 240th job on.
#   bash bench/e2e/run.sh [rounds=3]   BURST (36)  STREAM_K (4)  STREAM_N (24)  SINGLE_N (8)  ENGINE_N (30)  WARMUP_N (300)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
rounds=${1:-3}; BURST=${BURST:-36}; STREAM_K=${STREAM_K:-4}; STREAM_N=${STREAM_N:-24}; SINGLE_N=${SINGLE_N:-8}; ENGINE_N=${ENGINE_N:-30}
WARMUP_N=${WARMUP_N:-300}
cores=$(nproc)

# Photographs: Debian's wallpapers scaled to 2560 px, the size of a phone photo after the app's own downscale.
bash ../photos.sh
if [ ! -d photos ] || [ "$(ls photos | wc -l)" -ne "$(ls ../photos | wc -l)" ]; then
  rm -rf photos && mkdir photos
  for f in ../photos/*; do vips thumbnail "$f" "photos/$(basename "${f%.*}").jpg[Q=90,strip]" 2560; done
fi
[ -d node_modules/sharp ] || npm install --no-audit --no-fund --silent
dotnet build "$root/bench/PixelFlow.Benchmarks" -c Release -nologo -v q -clp:NoSummary >/dev/null

started_here=0
ready="$root/.pixelflow/run/ready.env"
if [[ "$("$root/pixelflow" status)" != *healthy* ]]; then
  "$root/pixelflow" up --detach >/dev/null
  started_here=1
fi
export API_URL="$(sed -n 's/^API_URL=//p' "$ready")" API_KEY="$(sed -n 's/^API_KEY=//p' "$ready")" PIXELFLOW_READY_FILE="$ready" PHOTOS="$PWD/photos"
# The default worker (not worker-heic, which runs on the system libvips): its Prometheus endpoint has the phase histogram.
for pid in $(pgrep -f '/PixelFlow\.Worker$'); do
  tr '\0' '\n' < /proc/$pid/environ | grep -q '^Imaging__Library=system$' || worker_pid=$pid
done
worker_port=$(ss -ltnpH | grep "pid=$worker_pid," | awk '{print $4}' | sed 's/.*://' | head -1 || true)
export WORKER_METRICS_URL="http://127.0.0.1:$worker_port/metrics"

node nodeflow/api.js > /tmp/nodeflow-api.log 2>&1 & nodeflow_api=$!
node nodeflow/worker.js > /tmp/nodeflow-worker.log 2>&1 & nodeflow_worker=$!
cleanup() {
  kill $nodeflow_api $nodeflow_worker 2>/dev/null || true
  [ $started_here = 0 ] || "$root/pixelflow" down >/dev/null
}
trap cleanup EXIT
until curl -sf http://127.0.0.1:58100/healthz >/dev/null; do kill -0 $nodeflow_api || { cat /tmp/nodeflow-api.log; exit 1; }; sleep 0.3; done

# The engine in-process: one process per core, each one image at a time; images/s summed (= jobs/s).
engine() { # -> "jobs/s ms-per-job(one process alone)"
  local bench=(env GLIBC_TUNABLES=glibc.malloc.hugetlb=1 dotnet "$root/artifacts/bin/PixelFlow.Benchmarks/release/PixelFlow.Benchmarks.dll" pipeline pair)
  local total=0 pids=() files=() i
  for ((i = 0; i < cores; i++)); do files+=("$(mktemp)"); "${bench[@]}" "$ENGINE_N" photos > "${files[$i]}" & pids+=($!); done
  wait "${pids[@]}"
  total=$(cat "${files[@]}" | grep '^RESULT' | cut -d'|' -f6 | paste -sd+ | bc)
  local single; single=$("${bench[@]}" "$ENGINE_N" photos | grep '^RESULT' | cut -d'|' -f6)
  rm -f "${files[@]}"
  echo "{\"system\":\"engine\",\"jobs_per_s\":$total,\"single_ms\":$(echo "1000 / $single" | bc -l | xargs printf '%.1f')}"
}

echo "+ warming both services up ($WARMUP_N jobs each)" >&2
node drive.mjs pixelflow stream "$STREAM_K" "$WARMUP_N" >/dev/null
node drive.mjs nodeflow stream "$STREAM_K" "$WARMUP_N" >/dev/null

mkdir -p results
raw=results/raw.jsonl; : > "$raw"
drive() { echo "+ $*" >&2; node drive.mjs "$@" | sed -n 's/^RESULT //p' | sed "s/^{/{\"round\":$r,/" | tee -a "$raw"; }
for ((r = 1; r <= rounds; r++)); do
  engine | sed "s/^{/{\"round\":$r,/" | tee -a "$raw"
  drive pixelflow burst "$BURST"
  if ((r % 2)); then
    drive pixelflow stream "$STREAM_K" "$STREAM_N"; drive nodeflow stream "$STREAM_K" "$STREAM_N"
    drive pixelflow single "$SINGLE_N"; drive nodeflow single "$SINGLE_N"
  else
    drive nodeflow stream "$STREAM_K" "$STREAM_N"; drive pixelflow stream "$STREAM_K" "$STREAM_N"
    drive nodeflow single "$SINGLE_N"; drive pixelflow single "$SINGLE_N"
  fi
done
node report.mjs "$raw" "$(date -u +%Y-%m-%dT%H:%MZ)" "bash bench/e2e/run.sh $rounds" > results/e2e.md
cat results/e2e.md
