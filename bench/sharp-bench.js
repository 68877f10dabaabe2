// Usage: node sharp-bench.js <thumb|resize|pair|multi|srcset> <count> <photo-dir>
// The same work as PixelFlow.Benchmarks with node sharp (auto-orient, resize by width, encode), one image after
// another after a warm-up; prints one RESULT line for run.sh. Concurrency 1 per image, like the .NET runs.
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const [scenario, countArg, dir] = process.argv.slice(2);
const count = Number(countArg);
const photos = fs.readdirSync(dir).sort().map(f => fs.readFileSync(path.join(dir, f)));
sharp.concurrency(1);
sharp.cache(false);

const outputs = {
  thumb: [{ w: 300, f: 'webp', q: 80 }],
  resize: [{ w: 1600, f: 'jpeg', q: 85 }],
  pair: [{ w: 300, f: 'webp', q: 80 }, { w: 1600, f: 'jpeg', q: 85 }],
  multi: [{ w: 1600, f: 'jpeg', q: 85 }, { w: 1024, f: 'webp', q: 80 }, { w: 640, f: 'jpeg', q: 80 },
    { w: 300, f: 'webp', q: 80 }, { w: 150, f: 'jpeg', q: 75 }],
  srcset: [{ w: 1600, f: 'jpeg', q: 85 }, { w: 1024, f: 'jpeg', q: 80 }, { w: 640, f: 'jpeg', q: 80 },
    { w: 300, f: 'jpeg', q: 80 }, { w: 150, f: 'jpeg', q: 75 }],
}[scenario];

let bytesOut = 0;
async function one(photo) {
  const source = sharp(photo).rotate();
  for (const o of outputs) {
    const pipeline = outputs.length > 1 ? source.clone() : source;
    const buf = await pipeline.resize({ width: o.w })[o.f]({ quality: o.q }).toBuffer();
    bytesOut += buf.length;
  }
}

const rss = () => process.memoryUsage().rss / 1024 / 1024;
function peakMb() {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find(l => l.startsWith('VmHWM:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

(async () => {
  // Warm-up and RSS windows as PixelFlow.Benchmarks: count/10 untimed images (at least 5 s), then means over the first and the
  // last max(10, count/10) timed images.
  const window = Math.min(count, Math.max(10, Math.floor(count / 10)));
  let warmup = 0;
  const warming = process.hrtime.bigint();
  while (warmup < Math.max(3, Math.floor(count / 10)) || process.hrtime.bigint() - warming < 5_000_000_000n)
    await one(photos[warmup++ % photos.length]);
  bytesOut = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const first = [], last = [];
  for (let i = 0; i < count; i++) {
    await one(photos[i % photos.length]); // from the first photo: paired runs time the same images
    if (i < window) first.push(rss());
    if (i >= count - window) last.push(rss());
  }
  const mean = v => v.reduce((a, b) => a + b, 0) / v.length;
  const rssWarm = mean(first), rssEnd = mean(last);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const f = v => v.toFixed(1);
  console.log(['RESULT', `node sharp ${JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules/sharp/package.json'))).version}`, `libvips ${sharp.versions.vips}`, scenario, count,
    f(count / seconds), f((cpu.user + cpu.system) / 1000 / count), f(peakMb()), f(rssWarm), f(rssEnd),
    f((rssEnd - rssWarm) * 100 / rssWarm), Math.round(bytesOut / count)].join('|'));
})();
