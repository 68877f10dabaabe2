// Turns run.sh's raw.jsonl into the markdown table the README quotes: per-round ratios and their medians, the
// targets, per-phase latencies and CPU/RSS per process.   node report.mjs raw.jsonl <date> <command>
import { readFileSync } from 'node:fs';

const [file, date, command] = process.argv.slice(2);
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const rounds = [...new Set(rows.map((row) => row.round))];
const find = (round, system, shape) => rows.find((row) => row.round === round && row.system === system && (!shape || row.shape === shape));
const median = (values) => {
  const sorted = values.filter((v) => v != null && !Number.isNaN(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const f = (v, digits = 2) => (v == null ? '–' : v.toFixed(digits));
const range = (values, digits = 2) => `${f(median(values), digits)} (${f(Math.min(...values), digits)}–${f(Math.max(...values), digits)})`;

const perRound = rounds.map((round) => {
  const engine = find(round, 'engine');
  const burst = find(round, 'pixelflow', 'burst');
  const stream = find(round, 'pixelflow', 'stream');
  const nodeStream = find(round, 'nodeflow', 'stream');
  const single = find(round, 'pixelflow', 'single');
  const nodeSingle = find(round, 'nodeflow', 'single');
  return {
    round, engine, burst, stream, nodeStream, single, nodeSingle,
    burstRatio: burst.jobs_per_s / engine.jobs_per_s,
    streamRatio: stream.jobs_per_s / nodeStream.jobs_per_s,
    singleTarget: 1.5 * engine.single_ms + 100,
  };
});

const out = [];
const line = (text = '') => out.push(text);
const failed = rows.reduce((sum, row) => sum + (row.failed ?? 0), 0);
line(`# End-to-end throughput`);
line();
line(`${date}, ${rounds.length} rounds, \`${command}\`, ${rows[0] ? '' : ''}jobs: a 2560 px JPEG photo → 300 px WebP q80 + 1600 px JPEG q85. Failed jobs in the whole run: ${failed}.`);
line();
line('| measure | median (range) | target | met |');
line('|---|---|---|---|');
const burstRatio = median(perRound.map((r) => r.burstRatio));
const streamRatio = median(perRound.map((r) => r.streamRatio));
const singleP50 = median(perRound.map((r) => r.single.latency_ms.p50));
const singleTarget = median(perRound.map((r) => r.singleTarget));
line(`| engine in-process, one process per core (jobs/s) | ${range(perRound.map((r) => r.engine.jobs_per_s))} | | |`);
line(`| PixelFlow presigned burst of ${perRound[0].burst.jobs} (jobs/s) | ${range(perRound.map((r) => r.burst.jobs_per_s))} | | |`);
line(`| burst ÷ engine | ${range(perRound.map((r) => r.burstRatio))} | ≥ 0.80 | ${burstRatio >= 0.8 ? 'yes' : 'no'} |`);
line(`| PixelFlow multipart, ${perRound[0].stream.in_flight} in flight (jobs/s) | ${range(perRound.map((r) => r.stream.jobs_per_s))} | | |`);
line(`| node/BullMQ/sharp multipart, ${perRound[0].nodeStream.in_flight} in flight (jobs/s) | ${range(perRound.map((r) => r.nodeStream.jobs_per_s))} | | |`);
line(`| PixelFlow ÷ node service | ${range(perRound.map((r) => r.streamRatio))} | ≥ 1.20 | ${streamRatio >= 1.2 ? 'yes' : 'no'} |`);
line(`| engine, one job alone (ms) | ${range(perRound.map((r) => r.engine.single_ms), 0)} | | |`);
line(`| PixelFlow single job, idle: request → terminal event, p50 (ms) | ${range(perRound.map((r) => r.single.latency_ms.p50), 0)} | ≤ 1.5 × engine + 100 = ${f(singleTarget, 0)} | ${singleP50 <= singleTarget ? 'yes' : 'no'} |`);
line(`| node service single job, idle: request → seen by polling, p50 (ms) | ${range(perRound.map((r) => r.nodeSingle.latency_ms.p50), 0)} | | |`);
line();

line('Per-phase latency, median round, ms (p50 / p95), from the jobs\' own timestamps (`created_at`, `queued_at`, `started_at`, `completed_at`) and the client\'s arrival time of the terminal event:');
line();
line('| shape | accepted → queued | queued → picked up | picked up → completed | completed → client | request → client |');
line('|---|---|---|---|---|---|');
const middle = (key) => {
  const sorted = [...perRound].sort((a, b) => a[key].jobs_per_s - b[key].jobs_per_s);
  return sorted[Math.floor(sorted.length / 2)][key];
};
const pq = (s) => (s ? `${s.p50} / ${s.p95}` : '–');
for (const [name, key] of [['PixelFlow burst', 'burst'], ['PixelFlow stream', 'stream'], ['PixelFlow single', 'single'], ['node stream', 'nodeStream'], ['node single', 'nodeSingle']]) {
  const row = middle(key);
  const p = row.phases_ms;
  line(`| ${name} | ${pq(p.accepted_to_queued)} | ${pq(p.queued_to_picked_up)} | ${pq(p.picked_up_to_completed)} | ${pq(p.completed_to_client)} | ${pq(row.latency_ms)} |`);
}
line();
line('Inside the worker (its `pixelflow.job.phase.duration` histogram, mean ms per job over the shape, median round):');
line();
const phaseNames = [...new Set(rows.flatMap((row) => Object.keys(row.worker_phase_mean_ms ?? {})))];
line(`| shape | ${phaseNames.join(' | ')} |`);
line(`|---|${phaseNames.map(() => '---').join('|')}|`);
for (const [name, key] of [['burst', 'burst'], ['stream', 'stream'], ['single', 'single']]) {
  const means = middle(key).worker_phase_mean_ms ?? {};
  line(`| ${name} | ${phaseNames.map((phase) => f(means[phase], 1)).join(' | ')} |`);
}
line();
line('CPU seconds per job and peak RSS (MB) per process during each shape, median round:');
line();
const roles = ['pixelflow-api', 'pixelflow-worker', 'nodeflow-api', 'nodeflow-worker', 'postgres', 'redis', 'rabbitmq', 's3',
  'aspire-dashboard', 'dcp'];
line(`| shape | ${roles.join(' | ')} |`);
line(`|---|${roles.map(() => '---').join('|')}|`);
for (const [name, key] of [['PixelFlow burst', 'burst'], ['PixelFlow stream', 'stream'], ['node stream', 'nodeStream']]) {
  const row = middle(key);
  line(`| ${name} | ${roles.map((role) => {
    const p = row.processes[role];
    return p && p.cpu_s > 0 ? `${f(p.cpu_s / row.jobs, 3)} s · ${f(p.peak_rss_mb, 0)} MB` : '–';
  }).join(' | ')} |`);
}
console.log(out.join('\n'));
