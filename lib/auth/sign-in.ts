/**
 * Sign-in for the /sign-in form's server action: email + password through better-auth (which
 * creates the database session and, through its nextCookies plugin, sets the cookie), with a
 * failure limit the HTTP rate limiter of /api/auth does not cover (server actions call the auth
 * API directly):
 *
 * - per client address: 10 failures, then one more every 30 s;
 * - per email: 5 failures, then one more every 60 s (slows a guesser spread over many addresses).
 *
 * A caller over either limit is refused before the password is checked. A wrong password and an
 * unknown email get the same message.
 */
import { isAPIError } from "better-auth/api";
import { TokenBuckets } from "@/lib/reports/rate-limit";
import type { Auth } from "./auth";
import { normaliseEmail } from "./users";

export const WRONG_CREDENTIALS = "Wrong email or password.";
export const TOO_MANY_ATTEMPTS = "Too many failed attempts. Wait a minute, then try again.";

export interface SignInLimiters {
  byIp: TokenBuckets;
  byEmail: TokenBuckets;
}

export function newSignInLimiters(now?: () => number): SignInLimiters {
  return {
    byIp: new TokenBuckets({ capacity: 10, refillPerSecond: 1 / 30, ...(now ? { now } : {}) }),
    byEmail: new TokenBuckets({ capacity: 5, refillPerSecond: 1 / 60, ...(now ? { now } : {}) }),
  };
}

const g = globalThis as unknown as { __taSignInLimiters?: SignInLimiters };
function sharedLimiters(): SignInLimiters {
  g.__taSignInLimiters ??= newSignInLimiters();
  return g.__taSignInLimiters;
}

export type SignInResult = { ok: true; userId: string } | { ok: false; error: string };

export async function signInWithPassword(
  auth: Auth,
  input: { email: unknown; password: unknown; ip: string; userAgent?: string | null },
  limiters: SignInLimiters = sharedLimiters(),
): Promise<SignInResult> {
  let email: string;
  try {
    email = normaliseEmail(input.email);
  } catch {
    return { ok: false, error: WRONG_CREDENTIALS };
  }
  const password = typeof input.password === "string" ? input.password : "";
  if (!limiters.byIp.has(input.ip) || !limiters.byEmail.has(email))
    return { ok: false, error: TOO_MANY_ATTEMPTS };
  const fail = (): SignInResult => {
    limiters.byIp.take(input.ip);
    limiters.byEmail.take(email);
    return { ok: false, error: WRONG_CREDENTIALS };
  };
  if (password.length === 0 || password.length > 1024) return fail();
  try {
    // Only what the session row records: Next has already checked the action's Origin.
    const headers = new Headers({ "x-forwarded-for": input.ip });
    if (input.userAgent) headers.set("user-agent", input.userAgent.slice(0, 512));
    const r = await auth.api.signInEmail({ body: { email, password }, headers });
    return { ok: true, userId: r.user.id };
  } catch (e) {
    if (isAPIError(e)) return fail();
    throw e;
  }
}
