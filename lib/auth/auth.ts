/**
 * The better-auth instance: email + password sign-in, sessions in the database (the `session`
 * table through better-auth's drizzle adapter), passwords hashed with argon2id (password.ts).
 *
 * - Sign-up is closed: `disableSignUp` and the sign-up path disabled. Accounts are made by an admin
 *   (users page or `transfer-audit admin create`); the first admin by `/setup` or the CLI (users.ts).
 * - No cookie cache: every request reads the session row and the user's role, so signing out,
 *   deleting a user or changing a role takes effect on the next request.
 * - The role is a user field better-auth returns but never takes as input (`input: false`).
 * - Created lazily (the database opens lazily) and cached on globalThis: Next bundles route
 *   handlers and pages separately, and all must share one instance and one rate limiter.
 */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import type { Db } from "@/db/client";
import { account, ROLES, session, user, verification } from "@/db/schema";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { COOKIE_PREFIX } from "./paths";
import { authSecret } from "./secret";

export const SESSION_TTL_SECONDS = 12 * 60 * 60;
/** A session used after this long is extended (sliding expiry). */
export const SESSION_UPDATE_AGE_SECONDS = 60 * 60;

export interface AuthConfig {
  secret: string;
  /** The public origin (`https://audit.example.org`); default BETTER_AUTH_URL, else http://localhost:$PORT. */
  baseURL: string;
  /** Adds Next.js cookie handling for server actions (off in plain Node tests). */
  nextJs?: boolean;
  /** Sign-in attempts per IP per minute through /api/auth (default 10). */
  signInPerMinute?: number;
}

export function publicBaseUrl(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const explicit = environment.BETTER_AUTH_URL;
  if (explicit) return new URL(explicit).origin;
  return `http://localhost:${environment.PORT ?? "3000"}`;
}

export function createAuth(db: Db, config: AuthConfig) {
  const secure = config.baseURL.startsWith("https://");
  return betterAuth({
    appName: "Transfer Audit",
    baseURL: config.baseURL,
    secret: config.secret,
    database: drizzleAdapter(db, { provider: "pg", schema: { user, session, account, verification } }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      autoSignIn: false,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(hash, password),
      },
    },
    user: {
      additionalFields: {
        role: { type: [...ROLES], required: false, defaultValue: "viewer", input: false },
      },
    },
    session: {
      expiresIn: SESSION_TTL_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
      cookieCache: { enabled: false },
    },
    // Applies to requests through /api/auth/*; the sign-in server action has its own (sign-in.ts).
    rateLimit: {
      enabled: true,
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: config.signInPerMinute ?? 10 } },
    },
    disabledPaths: ["/sign-up/email", "/delete-user", "/change-email"],
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      // Secure cookies on an https origin; on http://localhost (the embedded default) a Secure
      // cookie would not come back from every client.
      useSecureCookies: secure,
    },
    telemetry: { enabled: false },
    plugins: config.nextJs ? [nextCookies()] : [],
  });
}

export { SESSION_COOKIE } from "./paths";

export type Auth = ReturnType<typeof createAuth>;

const g = globalThis as unknown as { __taAuth?: Promise<Auth> };

/** The process-wide instance, on the process-wide database. */
export function getAuth(): Promise<Auth> {
  if (!g.__taAuth) {
    g.__taAuth = (async () => {
      const { getDb } = await import("@/db/client");
      const db = await getDb();
      return createAuth(db, { secret: authSecret(), baseURL: publicBaseUrl(), nextJs: true });
    })().catch((e) => {
      g.__taAuth = undefined;
      throw e;
    });
  }
  return g.__taAuth;
}
