// @ts-check
// Renders scripts/icon.svg to the PNG sizes the stores ask for. Run by hand after editing
// the SVG: node scripts/render-icons.mjs
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchBrowser } from './chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const svg = await readFile(resolve(import.meta.dirname, 'icon.svg'), 'utf8');
const browser = await launchBrowser();
const page = await browser.newPage();
for (const size of [16, 32, 48, 96, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`,
  );
  await page.screenshot({ path: resolve(root, `public/icon/${size}.png`), omitBackground: true });
}
await browser.close();
