/**
 * The app's process on the embedded default, minus Next's HTTP server (which needs a build that
 * other work may be replacing): `bootServer()` opens PGlite in TA_DATA_DIR, takes the directory
 * lock, starts the queue with the in-process worker and resumes unfinished audits, exactly as
 * scripts/server.ts does before it serves pages. SIGTERM stops it gracefully; the test also SIGKILLs it.
 * Run: node --import tsx lib/jobs/faults/embedded-app.ts
 */
import { bootServer } from "@/lib/server/boot";

await bootServer();
console.log("[embedded-app] booted");
// Keep the process alive: the queue's timers do too, but say so rather than rely on it.
setInterval(() => {}, 60_000);
