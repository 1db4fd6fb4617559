/**
 * Runs once when the Next.js server starts: opens and migrates the database, starts the in-process
 * job worker on the embedded default, and queues the demo data on first run.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootServer } = await import("./lib/server/boot");
  await bootServer();
}
