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

export function isAuthError(e: unknown): e is AuthError {
  return e instanceof AuthError;
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
