// Screenshots of the Aspire dashboard for the README (docs/images/dashboard-*.png).
//
//   ./pixelflow up --detach          # prints DASHBOARD_URL; run one job first so there is a trace
//   node docs/dashboard.mjs "$(grep ^DASHBOARD_URL= .pixelflow/run/ready.env | cut -d= -f2-)"
//
// Needs Debian's chromium (/usr/bin/chromium) and playwright-core in .pixelflow/tools (git-ignored):
//   npm install --prefix .pixelflow/tools playwright-core
// The dashboard is a Blazor app, so `chromium --screenshot` alone gives a blank page: Playwright waits for it to render.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(root, '.pixelflow/tools/'))('playwright-core');

const loginUrl = process.argv[2];
if (!loginUrl?.includes('/login?t=')) {
  console.error('usage: node docs/dashboard.mjs http://localhost:15080/login?t=TOKEN');
  process.exit(2);
}
const base = new URL(loginUrl).origin;
const out = join(root, 'docs/images');
mkdirSync(out, { recursive: true });

// The dashboard is served over plain http here, yet it warns about the (untrusted) HTTPS dev certificate on every
// page; that banner is noise in a README picture, so close it when it is there.
async function dismissCertBanner(page) {
  const dismiss = page.locator('.dashboard-message-bar', { hasText: 'development certificate' })
    .locator('.dashboard-message-bar-dismiss');
  if (await dismiss.count()) await dismiss.first().click({ timeout: 5_000 }).catch(() => {});
  await dismiss.first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // no GPU, no sandbox (root in a container), and nothing that reaches out to the internet
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, colorScheme: 'dark' });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('console', (m) => m.type() === 'error' && console.warn(`dashboard console error: ${m.text()}`));

  // The token in ?t= logs in (sets the auth cookie) and redirects to the Resources page.
  await page.goto(loginUrl, { waitUntil: 'domcontentloaded' });
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  // Rows stream in over the Blazor circuit: wait until the last resource (worker) shows a settled state.
  await page.getByRole('row').filter({ hasText: 'worker' }).filter({ hasText: /Running|Healthy/ })
    .first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2_000); // health icons and endpoints fill in just after the state
  await dismissCertBanner(page);
  await page.screenshot({ path: join(out, 'dashboard-resources.png') });
  console.log(`wrote ${join(out, 'dashboard-resources.png')}`);

  // Traces: a job's POST .../start is the trace that crosses from the API over RabbitMQ into the worker (and back).
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${base}/traces`, { waitUntil: 'domcontentloaded' });
  const startRow = page.getByRole('row').filter({ hasText: /\/start/ }).first();
  await startRow.waitFor({ timeout: 60_000 });
  console.log(`trace row: ${(await startRow.innerText()).replace(/\s+/g, ' ').trim()}`);
  // Clicking a row (its name cell) opens the trace's detail page; there is no link element to follow.
  await startRow.getByRole('gridcell').nth(1).click({ timeout: 10_000 });
  await page.waitForURL(/\/traces\/detail\//, { timeout: 30_000 });
  await page.getByText('worker').first().waitFor({ timeout: 30_000 });
  await page.mouse.move(800, 20); // off the grid: the clicked row would otherwise show its hover tooltip
  await page.waitForTimeout(2_000); // the span waterfall lays out after the first render
  await dismissCertBanner(page);
  await page.screenshot({ path: join(out, 'dashboard-trace.png') });
  console.log(`wrote ${join(out, 'dashboard-trace.png')}`);
} finally {
  await browser.close();
}
