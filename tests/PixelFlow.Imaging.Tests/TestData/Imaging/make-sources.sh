#!/usr/bin/env bash
# Regenerates the small synthetic sources under sources/ with the vips CLI (deterministic; commit the results).
# The scene is asymmetric on both axes so flips, rotations and crops are visible in golden comparisons.
set -euo pipefail
cd "$(dirname "$0")/sources"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
vips xyz "$t/xy.v" 480 320
vips extract_band "$t/xy.v" "$t/x.v" 0
vips extract_band "$t/xy.v" "$t/y.v" 1
vips linear "$t/x.v" "$t/r.v" 0.53 0 --uchar
vips linear "$t/y.v" "$t/g.v" 0.6 40 --uchar
vips linear --uchar -- "$t/x.v" "$t/b.v" -0.2 200
vips bandjoin "$t/r.v $t/g.v $t/b.v" "$t/rgb.v"
vips copy "$t/rgb.v" "$t/scene.v" --interpretation srgb
# a saturated, detailed patch right of centre (what attention/entropy crops should find), a dark bar top-left
vips draw_rect "$t/scene.v" "230 30 40" 330 170 70 70 --fill
vips draw_rect "$t/scene.v" "255 220 180" 345 185 40 40 --fill
vips draw_rect "$t/scene.v" "20 20 20" 10 10 120 24 --fill
vips copy "$t/scene.v" scene.jpg[Q=92,strip]
# RGBA: the scene with a radial alpha (opaque centre, transparent corners)
vips thumbnail "$t/scene.v" "$t/small.v" 320
vips xyz "$t/sxy.v" 320 214
vips linear -- "$t/sxy.v" "$t/d.v" "1 1" "-160 -107"
vips multiply "$t/d.v" "$t/d.v" "$t/d2.v"
vips bandmean "$t/d2.v" "$t/m.v"
vips linear --uchar -- "$t/m.v" "$t/alpha.v" -0.03 330
vips bandjoin "$t/small.v $t/alpha.v" "$t/rgba.v"
vips copy "$t/rgba.v" scene-alpha.png[strip]
# HEIC (HEVC): only the system libvips (Debian's, with libheif's encoder plugins) writes and reads it
vips copy scene.jpg "scene.heic[Q=90,compression=hevc]"
# From libvips' own test suite (test/test-suite/images), LGPL: a JPEG carrying JPEG XL's XYB ICC profile (no
# relative-intent table), and the 185-byte truncated gzip-compressed SVG that hangs libvips 8.14's SVG sniffing.
# Copy them from a libvips checkout: sample-xyb.jpg, truncated.svgz.
ls -l
