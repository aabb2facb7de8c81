/**
 * Opens a local page in Debian's headless Chromium (no browser download) through playwright-core and
 * reports what a person would see: images that loaded with their drawn size, tables, failed requests.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.GNNC_CHROMIUM ?? '/usr/bin/chromium';

export interface PageCheck {
  title: string;
  images: { src: string; naturalWidth: number; naturalHeight: number }[];
  tables: number;
  failedRequests: string[];
  externalRequests: string[];
}

export async function inspectPage(file: string): Promise<PageCheck> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run npm run setup (installs Debian's chromium)`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    const externalRequests: string[] = [];
    page.on('requestfailed', (r) => failedRequests.push(r.url()));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) externalRequests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const images = await page.$$eval('img', (els) =>
      els.map((e) => ({
        src: e.getAttribute('src') ?? '',
        naturalWidth: e.naturalWidth,
        naturalHeight: e.naturalHeight,
      })),
    );
    const tables = await page.$$eval('table', (els) => els.length);
    return { title: await page.title(), images, tables, failedRequests, externalRequests };
  } finally {
    await browser.close();
  }
}
