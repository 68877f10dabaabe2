#!/usr/bin/env bash
# Real photographs for the benchmarks: Debian's wallpaper packages (installed when missing), the JPEGs at least
# 2000 px on a side linked into bench/photos. Used by run.sh (imaging) and e2e/run.sh (the whole service).
set -euo pipefail
cd "$(dirname "$0")"
if ! ls /usr/share/backgrounds/*.jpg >/dev/null 2>&1; then
  sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ukui-wallpapers lomiri-wallpapers-20.04 >/dev/null
fi
rm -rf photos && mkdir -p photos
for f in /usr/share/backgrounds/*.jpg; do
  w=$(vipsheader -f width "$f" 2>/dev/null || echo 0); h=$(vipsheader -f height "$f" 2>/dev/null || echo 0)
  if [ "$w" -ge 2000 ] || [ "$h" -ge 2000 ]; then ln -s "$f" photos/; fi
done
[ "$(ls photos | wc -l)" -gt 0 ] || { echo "no photographs >= 2000 px found" >&2; exit 1; }
