// Renders the extension's marketplace icon, media/icon.png (128×128), from media/lit-notes.svg
// (the activity-bar icon) with Debian's chromium through playwright-core: the same paper and
// bookmark, in white on a rounded blue tile. Run it again after changing the SVG and commit
// the PNG; packaging does not render it.
//
//   node scripts/render-icon.mjs [--out FILE]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './code-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const OUT = path.resolve(ROOT, (outIndex >= 0 ? process.argv[outIndex + 1] : undefined) ?? path.join('media', 'icon.png'));
const SIZE = 128;

const svg = fs.readFileSync(path.join(ROOT, 'media', 'lit-notes.svg'), 'utf8');
const paths = [...svg.matchAll(/<path\b[^>]*\/>/g)].map((m) => m[0]).join('');
if (!paths) {
  throw new Error('media/lit-notes.svg has no <path/> elements');
}
// The 24×24 drawing, scaled to fill most of the tile: the paper spans x 4–18, y 4.5–19.5.
const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2f6fdb"/><stop offset="1" stop-color="#1b4fa8"/></linearGradient></defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <g transform="translate(64 64) scale(5) translate(-11 -12)" fill="none" stroke="#ffffff" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round">
    <path d="M4 4.5h9.5L18 9v10.5H4z" fill="#ffffff" fill-opacity="0.12"/>${paths}
  </g>
</svg>`;

const browser = await launchBrowser({ headed: false });
try {
  const page = await (await browser.newContext({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 })).newPage();
  await page.setContent(`<html><body style="margin:0;background:transparent">${icon}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  fs.writeFileSync(OUT, png);
  console.log(`[render-icon] ${path.relative(process.cwd(), OUT)}: ${png.length} bytes, ${SIZE}×${SIZE}`);
} finally {
  await browser.close();
}
