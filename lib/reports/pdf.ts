/**
 * PDF export: the report page itself, printed by headless Chromium with the print stylesheet
 * (app/globals.css `@media print`). Charts render without animation and mark themselves
 * `data-rendered` once drawn; the export waits for every `[data-chart]` before printing, so the
 * PDF holds the charts, not blank canvases.
 *
 * Chromium is Debian's (`/usr/bin/chromium`, or CHROMIUM_PATH), driven by playwright-core (it
 * comes with @playwright/test). One export at a time: a second waits for the first, since each
 * browser takes a few hundred MB and the machine has two cores.
 */
import type { Browser } from "playwright-core";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

export interface PdfRequest {
  /** Absolute URL of the page to print. */
  url: string;
  /** Cookies to send (the caller's session), so the page sees the same user. */
  cookies?: { name: string; value: string }[];
  timeoutMs?: number;
}

let queue: Promise<unknown> = Promise.resolve();

export function renderPdf(req: PdfRequest): Promise<Buffer> {
  const run = queue.then(() => renderNow(req));
  queue = run.catch(() => undefined);
  return run;
}

async function renderNow({ url, cookies = [], timeoutMs = 120_000 }: PdfRequest): Promise<Buffer> {
  const { chromium } = await import("playwright-core");
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ARGS,
      timeout: timeoutMs,
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    if (cookies.length) {
      const u = new URL(url);
      await context.addCookies(
        cookies.map((c) => ({ name: c.name, value: c.value, domain: u.hostname, path: "/" })),
      );
    }
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    // "load", not "networkidle": a page that polls never goes idle; charts and images are awaited below.
    const res = await page.goto(url, { waitUntil: "load" });
    if (!res?.ok()) throw new Error(`the report page answered ${res?.status() ?? "nothing"}`);
    await page.emulateMedia({ media: "print" });
    await page.waitForFunction(
      () => document.querySelectorAll("[data-chart]:not([data-rendered])").length === 0,
      undefined,
      { timeout: timeoutMs },
    );
    // Images (thumbnails) must have arrived before printing.
    await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete), undefined, {
      timeout: timeoutMs,
    });
    return await page.pdf({
      format: "A4",
      printBackground: true,
      margin: { top: "14mm", bottom: "16mm", left: "12mm", right: "12mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#475569">Transfer Audit · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    });
  } finally {
    await browser?.close();
  }
}
