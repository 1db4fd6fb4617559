/**
 * The app's process: opens the database, starts the job queue (and on the embedded default the
 * worker, since no other process may open the embedded database), then serves Next.js.
 * Jobs run here on unbundled code; pages reach the same database and queue through globalThis.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { bootServer } from "@/lib/server/boot";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const root = path.resolve(import.meta.dirname, "..");

await bootServer();
const app = next({ dev, dir: root, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();
http
  .createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error("[server] unhandled error", e);
      res.statusCode = 500;
      res.end("Internal error");
    });
  })
  .listen(port, () =>
    console.log(`[server] Transfer Audit on http://localhost:${port} (${dev ? "dev" : "production"})`),
  );
