// Loads dashboard pages in headless Chromium, waits until their charts are drawn, and prints what
// the charts hold as JSON: {"PATH": {"title", "error", "notes", "charts": {"ID": [{"name",
// "data": [[x, y], ...]}]}}}, each point as the page drew it (lying bars turned back to
// [category, value]). Saves a screenshot of each page when --screenshots DIR is given.
//   node check-dashboard.mjs [--screenshots DIR] URL PATH...   e.g. http://127.0.0.1:8088 /covid
// Exit 1 when a page does not draw within a minute.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './chromium.mjs';

const args = process.argv.slice(2);
let screenshots = null;
if (args[0] === '--screenshots') {
  screenshots = args[1];
  args.splice(0, 2);
}
const [base, ...paths] = args;
if (!base || paths.length === 0) {
  console.error('usage: node check-dashboard.mjs [--screenshots DIR] URL PATH...');
  process.exit(2);
}
if (screenshots) mkdirSync(screenshots, { recursive: true });

const browser = await launch();
const pages = {};
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const path of paths) {
    await page.goto(base + path);
    try {
      await page.waitForFunction(() => window.tributary && window.tributary.ready, null, { timeout: 60000 });
    } catch (e) {
      console.error(`${path}: not drawn within a minute`);
      failed = true;
      continue;
    }
    pages[path] = await page.evaluate(() => {
      const charts = {};
      for (const [id, chart] of Object.entries(window.tributary.charts)) {
        const option = chart.getOption();
        const lying = option.yAxis[0].type === 'category';
        charts[id] = option.series.map(s => ({
          name: s.name,
          data: lying ? s.data.map(([value, category]) => [category, value]) : s.data,
        }));
      }
      return {
        title: document.querySelector('h1').textContent,
        error: window.tributary.error,
        notes: [...document.querySelectorAll('#notes p')].map(p => p.textContent),
        charts,
      };
    });
    if (screenshots) {
      const name = path.replace(/^\//, '').replace(/[^A-Za-z0-9]+/g, '-') || 'index';
      await page.screenshot({ path: join(screenshots, name + '.png'), fullPage: true });
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(pages));
// Not process.exit(): it would cut a piped stdout at 64 KiB.
process.exitCode = failed ? 1 : 0;
