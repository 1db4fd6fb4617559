import { expect, test } from "@playwright/test";

test("the dashboard opens on the embedded default", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Audits", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New audit" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/home.png", fullPage: true });
});
