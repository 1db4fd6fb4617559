import path from "node:path";
import { defineConfig } from "@playwright/test";

// The e2e suite runs the built app on its own embedded database, never on a shared server.
const dataDir = path.resolve(".data/e2e");
if (process.env.DATABASE_URL && !/localhost|127\.0\.0\.1/.test(process.env.DATABASE_URL)) {
  throw new Error("Refusing to run e2e tests against a non-local DATABASE_URL");
}

const PORT = Number(process.env.TA_E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  timeout: 10 * 60_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // The data directory is cleared by the server command, which runs once: this config file is
    // loaded again in every worker process, where deleting it would pull the live database away.
    command: process.env.TA_E2E_KEEP_DATA
      ? "node scripts/start.mjs"
      : `rm -rf "${dataDir}" && node scripts/start.mjs`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 6 * 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      TA_DATA_DIR: dataDir,
      // The e2e server uses the embedded database even when CI provides a Postgres server.
      DATABASE_URL: "",
      POSTGRES_URL: "",
    },
  },
});
