import { chromium, type Browser } from 'playwright-core';
import type { PaperSize } from '../db/schema';
import { escapeHtml } from './print/report-document';

/**
 * Prints an HTML document to PDF with Debian's Chromium (playwright-core,
 * headless, no network: the document is self-contained). One browser per
 * process, started on first use; a worker that prints reports keeps it open
 * (`keepPdfBrowserOpen`: a fresh Chromium adds about a second and a half to a
 * print), anything else closes it after a minute without work. A browser
 * that died is started again by the next print.
 */

const IDLE_CLOSE_MS = 60_000;
let browser: Promise<Browser> | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let busy = 0;
let keepOpen = false;

function launch(): Promise<Browser> {
  browser ??= chromium
    .launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    })
    .then((started) => {
      started.on('disconnected', () => {
        if (browser === current) browser = undefined;
      });
      return started;
    })
    .catch((error) => {
      browser = undefined;
      throw error;
    });
  const current = browser;
  return browser;
}

/** Starts the browser now and keeps it open for the life of the process (a worker serving the reports kind). */
export function keepPdfBrowserOpen(): void {
  keepOpen = true;
  launch().catch((error) => console.error('[pdf] Chromium could not be started; the next print tries again:', error.message));
}

export async function closePdfBrowser(): Promise<void> {
  const open = browser;
  browser = undefined;
  clearTimeout(idleTimer);
  await (await open?.catch(() => undefined))?.close();
}

export interface PdfOptions {
  paperSize: PaperSize;
  /** One line for every page's footer, beside the page numbers. */
  footer: string;
}

export async function printPdf(html: string, options: PdfOptions): Promise<Buffer> {
  busy++;
  clearTimeout(idleTimer);
  const context = await (await launch()).newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    // Nothing may leave the machine, and the document needs nothing from outside.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: options.paperSize === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      margin: { top: '16mm', bottom: '20mm', left: '16mm', right: '16mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:7.5px;color:#475569;width:100%;padding:0 16mm;display:flex;justify-content:space-between;gap:8mm;font-family:'DejaVu Sans',Arial,sans-serif"><span>${escapeHtml(options.footer)}</span><span style="white-space:nowrap">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    });
  } finally {
    await context.close().catch(() => undefined);
    busy--;
    if (busy === 0 && !keepOpen) idleTimer = setTimeout(() => void closePdfBrowser(), IDLE_CLOSE_MS).unref();
  }
}
