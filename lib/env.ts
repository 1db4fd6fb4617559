import path from "node:path";
import { z } from "zod";

/**
 * The environment, read once and validated. Nothing set = embedded PGlite in `.data/`.
 */
/** An empty variable means "not set" (so `DATABASE_URL= npm start` selects the embedded default). */
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional());

const schema = z.object({
  DATABASE_URL: optionalUrl,
  POSTGRES_URL: optionalUrl,
  /** Where the embedded database, its lock and uploads live. */
  TA_DATA_DIR: z.string().default(".data"),
  /** Worker threads for embedding extraction (default: one per core). */
  TA_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** Run the job worker inside the web app (default on; `npm run worker` runs standalone ones). */
  TA_IN_PROCESS_WORKER: z.enum(["0", "1"]).default("1"),
  /** Skip building the demo datasets and demo audit on first start. */
  TA_SKIP_DEMO: z.enum(["0", "1"]).default("0"),
  /**
   * Lease of every job type, overriding each type's own (seconds): a job whose worker died is handed
   * to another worker this long after it started. Fault tests shorten it; long stages must fit in it.
   */
  TA_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  /** How often pg-boss looks for expired leases (default 120 s). */
  TA_JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  /**
   * The app server's cache of rendered report pages (lib/server/page-cache): "0" turns it off;
   * its memory bound (MB) and the longest an entry is replayed (seconds) otherwise.
   */
  TA_PAGE_CACHE: z.enum(["0", "1"]).default("1"),
  TA_PAGE_CACHE_MB: z.coerce.number().int().min(1).max(65_536).default(256),
  TA_PAGE_CACHE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | null = null;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

/** The repository root: bundled models, demo data and migrations are found from here. */
export function appRoot(): string {
  return process.env.TA_ROOT ? path.resolve(process.env.TA_ROOT) : process.cwd();
}

export function dataDir(): string {
  return path.resolve(appRoot(), env().TA_DATA_DIR);
}
