#!/usr/bin/env bash
# Authenticated API requests against a bare endpoint, in one run on one host: one API process (release build, rate
# limiting off so the limiter does not cap what is measured) on the servers of a running `./pixelflow up --detach`,
# loaded with wrk. Rounds rotate the order of the three loads; the figures are per-round ratios to /healthz measured
# at the same concurrency in the same round, and their medians.
#
#   ./pixelflow up --detach && bash bench/api.sh [rounds=3] [seconds=10]
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}" seconds="${2:-10}" port=58090
ready=.pixelflow/run/ready.env
[[ -s $ready ]] || { echo "start PixelFlow first: ./pixelflow up --detach" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
dotnet build src/PixelFlow.Api -c Release -nologo -v q -clp:NoSummary >/dev/null
key="$(sed -n 's/^API_KEY=//p' $ready)"
api="http://127.0.0.1:$port"
# Access tokens are not measured, but the API refuses to start without a key to sign them: a throwaway one.
env $(grep '^ConnectionStrings__' $ready) RateLimiting__Enabled=false ASPNETCORE_ENVIRONMENT=Production \
  Auth__SigningKey="$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)" \
  Logging__LogLevel__Default=Warning dotnet artifacts/bin/PixelFlow.Api/release/PixelFlow.Api.dll --urls "$api" >/tmp/pixelflow-bench-api.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "$api/health" >/dev/null; do kill -0 $pid || { tail /tmp/pixelflow-bench-api.log; exit 1; }; sleep 0.5; done

job="$(curl -sf -X POST "$api/v1/jobs" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":150,"format":"webp"}]}' | jq -r .job_id)"
post_lua="$(mktemp --suffix=.lua)"
cat >"$post_lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"source_type":"s3_presigned","pipeline":[{"id":"t","action":"resize","width":150,"format":"webp"}]}'
LUA

# wrk's summary → "requests/s p99-ms"
measure() { # seconds connections path [extra wrk args...]
  local d="$1" c="$2" path="$3"; shift 3
  wrk -t2 -c"$c" -d"${d}s" --latency "$@" "$api$path" | awk '
    /Requests\/sec/ {rps = $2}
    /^ +99%/ {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; p99 = v}
    END {printf "%.0f %.1f\n", rps, p99}'
}
auth=(-H "Authorization: Bearer $key")
# Warm-up: every load once for twice the measured time, so that tiered compilation has finished (on 2 busy cores it
# still JIT-compiles for ≈ 30 s, which would count against whichever load runs first).
for path in /healthz "/v1/jobs/$job"; do measure $((seconds * 2)) 16 "$path" "${auth[@]}" >/dev/null; done
measure $((seconds * 2)) 8 /v1/jobs "${auth[@]}" -s "$post_lua" >/dev/null
printf '| round | /healthz c16 | GET /v1/jobs/{id} c16 | ratio | /healthz c8 | POST /v1/jobs c8 | ratio |\n|---|---|---|---|---|---|---|\n'
get_ratios=() post_ratios=()
for ((r = 1; r <= rounds; r++)); do
  declare -A out=()
  loads=(bare16 get bare8 post)
  ((r % 2 == 0)) && loads=(get bare16 post bare8) # rotate: neither side always runs first
  for load in "${loads[@]}"; do
    case $load in
      bare16) out[$load]="$(measure "$seconds" 16 /healthz)" ;;
      bare8) out[$load]="$(measure "$seconds" 8 /healthz)" ;;
      get) out[$load]="$(measure "$seconds" 16 "/v1/jobs/$job" "${auth[@]}")" ;;
      post) out[$load]="$(measure "$seconds" 8 /v1/jobs "${auth[@]}" -s "$post_lua")" ;;
    esac
  done
  read -r b16 b16p <<<"${out[bare16]}"; read -r g gp <<<"${out[get]}"; read -r b8 b8p <<<"${out[bare8]}"; read -r p pp <<<"${out[post]}"
  gr="$(awk -v a="$g" -v b="$b16" 'BEGIN {printf "%.2f", a / b}')"; pr="$(awk -v a="$p" -v b="$b8" 'BEGIN {printf "%.2f", a / b}')"
  get_ratios+=("$gr") post_ratios+=("$pr")
  printf '| %d | %s req/s, p99 %s ms | %s req/s, p99 %s ms | %s | %s req/s, p99 %s ms | %s req/s, p99 %s ms | %s |\n' \
    "$r" "$b16" "$b16p" "$g" "$gp" "$gr" "$b8" "$b8p" "$p" "$pp" "$pr"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
printf '\nmedian ratio to the bare endpoint: GET %s (target ≥ 0.3), POST %s (target ≥ 0.2)\n' "$(median "${get_ratios[@]}")" "$(median "${post_ratios[@]}")"
rm -f "$post_lua"
