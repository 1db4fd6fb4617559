/**
 * The secret better-auth signs session cookies with. `BETTER_AUTH_SECRET` (at least 32 characters)
 * when set; otherwise, on a single machine, a random 256-bit secret generated on first run and kept
 * in the data directory (`<TA_DATA_DIR>/auth-secret`, mode 0600) so sessions survive a restart.
 * Several app processes on one Postgres must share BETTER_AUTH_SECRET.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/env";

export const MIN_SECRET_LENGTH = 32;

export function authSecret(
  environment: Readonly<Record<string, string | undefined>> = process.env,
  dir: string = dataDir(),
): string {
  const fromEnv = environment.BETTER_AUTH_SECRET;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `BETTER_AUTH_SECRET: must be at least ${MIN_SECRET_LENGTH} characters (got ${fromEnv.length}); try \`openssl rand -base64 32\``,
      );
    }
    return fromEnv;
  }
  const file = path.join(dir, "auth-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= MIN_SECRET_LENGTH) return existing;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  fs.mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": never overwrite a secret another process wrote a moment ago.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw e;
  }
}
