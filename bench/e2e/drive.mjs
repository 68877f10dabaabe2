// Drives one load shape against a running service and prints one JSON line (RESULT …) for run.sh.
//
//   node drive.mjs pixelflow burst N      N presigned jobs created and uploaded first, then all started at once
//   node drive.mjs pixelflow stream K M   M multipart jobs, K in flight (a new one as soon as one finishes)
//   node drive.mjs pixelflow single R     R multipart jobs one after another on an idle system
//   node drive.mjs nodeflow  stream K M | single R   the same against the comparison service (bench/e2e/nodeflow)
//
// Every job is the same work: the source (a photo from PHOTOS, cycled) into a 300 px WebP q80 and a 1600 px JPEG q85.
// PixelFlow jobs are followed through the project's event stream (GET /v1/events, one connection), as a client
// should; the comparison service can only be polled (GET /jobs/:id every POLL_MS). Per-phase timings come from the
// jobs' own timestamps, read after the measured window so reading them costs the run nothing; the worker's inner
// phases from its Prometheus scrape (before/after deltas). CPU and RSS per process come from /proc, sampled every
// 250 ms while the shape runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [system, shape, ...numbers] = process.argv.slice(2);
const [first, second] = numbers.map(Number);
const photosDir = process.env.PHOTOS ?? new URL('./photos', import.meta.url).pathname;
const photos = readdirSync(photosDir).sort().map((name) => readFileSync(join(photosDir, name)));
const pollMs = Number(process.env.POLL_MS ?? 50);
const pipeline = [
  { id: 'thumb', action: 'resize', width: 300, format: 'webp', quality: 80 },
  { id: 'large', action: 'resize', width: 1600, format: 'jpeg', quality: 85 },
];

const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), n: values.length });
const round = (v) => (v == null ? null : Math.round(v * 10) / 10);

// ---- processes: CPU seconds and peak RSS per role, by command-line pattern (backends come and go) ----
const roles = {
  'pixelflow-api': /(^|\/)PixelFlow\.Api(\.dll)? /, 'pixelflow-worker': /(^|\/)PixelFlow\.Worker(\.dll)? /, postgres: /^postgres/,
  redis: /^\/usr\/bin\/redis-server|^redis-server/, rabbitmq: /beam\.smp/, s3: /s3rver/,
  'nodeflow-api': /nodeflow\/api\.js/, 'nodeflow-worker': /nodeflow\/worker\.js/,
  // The development tooling around the stack, on the same cores: the Aspire dashboard ingesting the telemetry, and
  // DCP (the orchestrator, and the proxy in front of the API's replicas).
  'aspire-dashboard': /Aspire\.Dashboard/, dcp: /\/dcp /,
};
const ticksPerSecond = 100;
function readProcesses() {
  const byRole = {};
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const role = Object.keys(roles).find((name) => roles[name].test(cmdline));
      if (!role) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpu = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime + stime
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      byRole[role] ??= { cpu: new Map(), rssKb: 0 };
      byRole[role].cpu.set(pid, cpu);
      byRole[role].rssKb += rssKb;
    } catch { /* the process ended while being read */ }
  }
  return byRole;
}
function startSampling() {
  const start = readProcesses();
  const last = readProcesses();
  const peakRss = {};
  const timer = setInterval(() => {
    const now = readProcesses();
    for (const [role, value] of Object.entries(now)) {
      peakRss[role] = Math.max(peakRss[role] ?? 0, value.rssKb);
      last[role] ??= { cpu: new Map(), rssKb: 0 };
      for (const [pid, cpu] of value.cpu) last[role].cpu.set(pid, cpu);
    }
  }, 250);
  return () => {
    clearInterval(timer);
    const end = readProcesses();
    const result = {};
    for (const role of new Set([...Object.keys(end), ...Object.keys(last)])) {
      const seen = new Map([...(last[role]?.cpu ?? []), ...(end[role]?.cpu ?? [])]);
      let cpu = 0;
      for (const [pid, value] of seen) cpu += value - (start[role]?.cpu.get(pid) ?? 0);
      result[role] = { cpu_s: Math.round(cpu * 100) / 100, peak_rss_mb: round((peakRss[role] ?? end[role]?.rssKb ?? 0) / 1024) };
    }
    return result;
  };
}

// ---- PixelFlow client ----
const api = process.env.API_URL;
const auth = { Authorization: `Bearer ${process.env.API_KEY}` };
const terminal = new Map(); // job id → { status, seenAt }
const waiters = new Map();
function followEvents() {
  const controller = new AbortController();
  const ready = (async () => {
    const response = await fetch(`${api}/v1/events`, { headers: { ...auth, Accept: 'text/event-stream' }, signal: controller.signal });
    if (!response.ok) throw new Error(`GET /v1/events: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').find((line) => line.startsWith('data: '));
            if (!data) continue;
            const event = JSON.parse(data.slice(6));
            if (['succeeded', 'failed', 'canceled'].includes(event.status)) {
              terminal.set(event.job_id, { status: event.status, seenAt: Date.now() });
              waiters.get(event.job_id)?.();
            }
          }
        }
      } catch (e) { if (!controller.signal.aborted) throw e; }
    })();
  })();
  return { ready, stop: () => controller.abort() };
}
const settled = (jobId) => (terminal.has(jobId) ? Promise.resolve() : new Promise((resolve) => waiters.set(jobId, resolve)));

async function createPresigned() {
  const response = await fetch(`${api}/v1/jobs`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ source_type: 's3_presigned', pipeline }),
  });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
  return response.json();
}
async function createMultipart(photo, url, field) {
  const form = new FormData();
  if (field === 'pipeline') form.append('pipeline', JSON.stringify(pipeline));
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
  const response = await fetch(url, { method: 'POST', headers: field === 'pipeline' ? auth : {}, body: form });
  if (response.status !== 202) throw new Error(`multipart create: ${response.status} ${await response.text()}`);
  return response.json();
}
async function readPixelFlowPhases(jobs) {
  const phases = { accepted_to_queued: [], queued_to_picked_up: [], picked_up_to_completed: [], completed_to_client: [] };
  let failed = 0;
  for (const { id } of jobs) {
    const job = await (await fetch(`${api}/v1/jobs/${id}`, { headers: auth })).json();
    if (job.status !== 'succeeded') failed++;
    const t = (name) => (job[name] ? Date.parse(job[name]) : null);
    phases.accepted_to_queued.push(t('queued_at') - t('created_at'));
    phases.queued_to_picked_up.push(t('started_at') - t('queued_at'));
    phases.picked_up_to_completed.push(t('completed_at') - t('started_at'));
    phases.completed_to_client.push(terminal.get(id).seenAt - t('completed_at'));
  }
  return { failed, phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, summary(v)])) };
}

// The worker's own phase histogram (pixelflow_job_phase_duration_seconds), as mean ms per job over the run.
async function scrapeWorkerPhases() {
  if (!process.env.WORKER_METRICS_URL) return null;
  const text = await (await fetch(process.env.WORKER_METRICS_URL)).text();
  const totals = {};
  for (const match of text.matchAll(/^pixelflow_job_phase_duration_seconds_(sum|count)\{[^}]*phase="([^"]+)"[^}]*\} ([0-9.eE+-]+)/gm)) {
    totals[match[2]] ??= { sum: 0, count: 0 };
    totals[match[2]][match[1]] += Number(match[3]);
  }
  return totals;
}
const phaseMeans = (before, after) => before && after && Object.fromEntries(Object.entries(after).map(([phase, { sum, count }]) => {
  const n = count - (before[phase]?.count ?? 0);
  return [phase, n > 0 ? round(((sum - (before[phase]?.sum ?? 0)) / n) * 1000) : null];
}));

// ---- the comparison service ----
const nodeflow = process.env.NODEFLOW_URL ?? 'http://127.0.0.1:58100';
async function pollNodeflow(id) {
  for (;;) {
    const job = await (await fetch(`${nodeflow}/jobs/${id}`)).json();
    if (job.status === 'succeeded' || job.status === 'failed') {
      terminal.set(id, { status: job.status, seenAt: Date.now(), job });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
function nodeflowPhases(jobs) {
  const phases = { queued_to_picked_up: [], picked_up_to_completed: [] };
  for (const { id } of jobs) {
    const { job } = terminal.get(id);
    phases.queued_to_picked_up.push(Date.parse(job.started_at) - Date.parse(job.created_at));
    phases.picked_up_to_completed.push(Date.parse(job.completed_at) - Date.parse(job.started_at));
  }
  return Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, summary(v)]));
}

// ---- shapes ----
async function submitAndWait(index) {
  const photo = photos[index % photos.length];
  const sent = Date.now();
  if (system === 'pixelflow') {
    const job = await createMultipart(photo, `${api}/v1/jobs`, 'pipeline');
    await settled(job.job_id);
    return { id: job.job_id, latency: terminal.get(job.job_id).seenAt - sent };
  }
  const job = await createMultipart(photo, `${nodeflow}/jobs`, 'file-only');
  await pollNodeflow(job.id);
  return { id: job.id, latency: terminal.get(job.id).seenAt - sent };
}

async function run() {
  const events = system === 'pixelflow' ? followEvents() : null;
  await events?.ready;
  const workerBefore = system === 'pixelflow' ? await scrapeWorkerPhases() : null;
  let jobs = [];
  let stopSampling;
  let started;
  if (shape === 'burst') {
    const created = [];
    for (let i = 0; i < first; i++) {
      const job = await createPresigned();
      const upload = await fetch(job.upload.url, { method: job.upload.method, headers: job.upload.headers, body: photos[i % photos.length] });
      if (!upload.ok) throw new Error(`upload: ${upload.status}`);
      created.push(job.job_id);
    }
    stopSampling = startSampling();
    started = Date.now();
    await Promise.all(created.map(async (id) => {
      const response = await fetch(`${api}/v1/jobs/${id}/start`, { method: 'POST', headers: auth });
      if (response.status !== 202) throw new Error(`start: ${response.status}`);
    }));
    await Promise.all(created.map(settled));
    jobs = created.map((id) => ({ id, latency: terminal.get(id).seenAt - started }));
  } else {
    const [inFlight, total] = shape === 'single' ? [1, first] : [first, second];
    if (shape === 'single') await submitAndWait(0); // one untimed job: connections and code paths warm
    stopSampling = startSampling();
    started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < total) jobs.push(await submitAndWait(next++));
    }));
  }
  const seconds = (Date.now() - started) / 1000;
  const processes = stopSampling();
  const workerAfter = system === 'pixelflow' ? await scrapeWorkerPhases() : null;
  const details = system === 'pixelflow' ? await readPixelFlowPhases(jobs) : { failed: jobs.filter(({ id }) => terminal.get(id).status !== 'succeeded').length, phases: nodeflowPhases(jobs) };
  events?.stop();
  console.log('RESULT ' + JSON.stringify({
    system, shape, jobs: jobs.length, in_flight: shape === 'stream' ? first : shape === 'burst' ? first : 1,
    seconds: round(seconds), jobs_per_s: Math.round((jobs.length / seconds) * 100) / 100, failed: details.failed,
    latency_ms: summary(jobs.map((job) => job.latency)), phases_ms: details.phases,
    worker_phase_mean_ms: phaseMeans(workerBefore, workerAfter), processes,
  }));
}

await run();
process.exit(0);
