/**
 * The one error the guard throws. `status` is the HTTP answer a route handler gives (401: nobody is
 * signed in, 403: signed in without the role); the message is what a person can act on.
 */
import type { Role } from "./roles";

export type AuthErrorCode = "unauthenticated" | "forbidden";

/**
 * Every AuthError message starts "Unauthorized: " or "Forbidden: ", so a caller that only sees the
 * message (a server action's returned `{ error }`, a route's JSON) and the permissions test can
 * recognise a refusal.
 */
export const AUTH_DENIED_PATTERN = /^(Unauthorized|Forbidden): /;
export const UNAUTHENTICATED_MESSAGE = "Unauthorized: sign in first; this needs an account.";

export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly status: 401 | 403;
  /** The role that was needed (forbidden only). */
  readonly needed: Role | null;

  constructor(code: AuthErrorCode, needed: Role | null = null, actual: Role | null = null) {
    super(
      code === "unauthenticated"
        ? UNAUTHENTICATED_MESSAGE
        : `Forbidden: this needs the ${needed} role; you are signed in as ${actual ?? "an unknown role"}. Ask an admin.`,
    );
    this.name = "AuthError";
    this.code = code;
    this.status = code === "unauthenticated" ? 401 : 403;
    this.needed = needed;
  }
}

/**
 * Whether `e` is the guard's refusal. Besides `instanceof`, an error shaped like one (name, code,
 * status, message prefix) counts too: Next bundles pages, actions and route handlers separately, and
 * a second copy of this module would make `instanceof` miss a genuine refusal (answered 500 then).
 */
export function isAuthError(e: unknown): e is AuthError {
  if (e instanceof AuthError) return true;
  if (!(e instanceof Error)) return false;
  const x = e as Error & Partial<Pick<AuthError, "code" | "status">>;
  return (
    x.name === "AuthError" &&
    (x.code === "unauthenticated" || x.code === "forbidden") &&
    (x.status === 401 || x.status === 403) &&
    AUTH_DENIED_PATTERN.test(x.message)
  );
}

/** The JSON Response a route handler returns for a refusal. */
export function authErrorResponse(e: AuthError): Response {
  return Response.json(
    { error: e.message, code: e.code },
    {
      status: e.status,
      headers: e.status === 401 ? { "WWW-Authenticate": 'Cookie realm="transfer-audit"' } : {},
    },
  );
}
