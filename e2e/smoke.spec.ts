import { expect, test } from "./fixtures/auth";
import { screenshot } from "./support/session";

test("the dashboard opens on the embedded default", async ({ page }) => {
  const health = await page.request.get("/api/health");
  expect(health.status()).toBe(200);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Audits", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New audit" })).toBeVisible();
  await screenshot(page, "home-first-start");
});
