/** Helpers shared by the dashboard's e2e flows (signing in is e2e/fixtures/auth.ts). */
import type { Page } from "@playwright/test";

export async function screenshot(page: Page, name: string): Promise<void> {
  // Thumbnails arrive after the page: wait for them (briefly) so the picture shows them.
  await page
    .waitForFunction(() => Array.from(document.images).every((i) => i.complete), undefined, {
      timeout: 20_000,
    })
    .catch(() => undefined);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** Every chart drawn and every streamed section in place: what a screenshot or a print needs. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelectorAll("div[hidden][id^='S:']").length === 0 &&
      document.querySelectorAll("[data-chart]:not([data-rendered])").length === 0,
    undefined,
    { timeout: 60_000 },
  );
}

/** Waits until the demo datasets exist (built by the `demo.seed` job on first start). */
export async function waitForDemoData(page: Page, names: string[], timeoutMs = 8 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto("/datasets");
    const body = (await page.locator("main").textContent()) ?? "";
    if (names.every((n) => body.includes(n))) return;
    if (Date.now() > deadline) throw new Error(`demo datasets ${names.join(", ")} did not appear in time`);
    await page.waitForTimeout(3000);
  }
}

/** The path of a demo audit once it has finished (the demo runs in the background on first start). */
export async function finishedDemoAudit(page: Page, name: RegExp, timeoutMs = 8 * 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto("/");
    const row = page.getByTestId("audit-row").filter({ hasText: name }).first();
    if ((await row.count()) > 0 && ((await row.textContent()) ?? "").includes("done")) {
      return (await row.getByRole("link").first().getAttribute("href"))!;
    }
    if (Date.now() > deadline) throw new Error(`demo audit ${name} did not finish in time`);
    await page.waitForTimeout(5000);
  }
}
