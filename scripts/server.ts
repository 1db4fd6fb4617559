/**
 * The app's process: opens the database, starts the job queue (and on the embedded default the
 * worker, since no other process may open the embedded database), then serves Next.js.
 * Jobs run here on unbundled code; pages reach the same database and queue through globalThis.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { getDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { bootServer } from "@/lib/server/boot";
import { createPageCache } from "@/lib/server/page-cache";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const root = path.resolve(import.meta.dirname, "..");

await bootServer();
const app = next({ dev, dir: root, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();
// Finished reports are rendered once per version and replayed with a fresh CSP nonce
// (lib/server/page-cache). Not in development, where every render should show the edited code.
const { TA_PAGE_CACHE, TA_PAGE_CACHE_MB, TA_PAGE_CACHE_MAX_AGE_SECONDS } = env();
const pageCache =
  !dev && TA_PAGE_CACHE === "1"
    ? createPageCache({
        getDatabase,
        maxBytes: TA_PAGE_CACHE_MB * 1024 * 1024,
        maxAgeMs: TA_PAGE_CACHE_MAX_AGE_SECONDS * 1000,
        onError: (e) => console.error("[page-cache] skipped:", e),
      })
    : null;
http
  .createServer((req, res) => {
    const render = () => handle(req, res);
    (pageCache ? pageCache.handle(req, res, render) : render()).catch((e) => {
      console.error("[server] unhandled error", e);
      if (!res.headersSent) res.statusCode = 500;
      res.end("Internal error");
    });
  })
  .listen(port, () =>
    console.log(`[server] Transfer Audit on http://localhost:${port} (${dev ? "dev" : "production"})`),
  );
