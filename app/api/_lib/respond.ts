/**
 * Error handling shared by the route handlers: Next's own control-flow errors (redirect, notFound)
 * pass through, the guard's AuthError is answered 401 / 403 by `authErrorResponse` (the same JSON
 * and WWW-Authenticate header as `withRole`), an HttpError with its own status, anything else is
 * logged and answered 500 with a sentence.
 */
import { authErrorResponse, isAuthError } from "@/lib/auth/errors";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

function isNextControlFlow(e: unknown): boolean {
  const digest = (e as { digest?: unknown })?.digest;
  return typeof digest === "string" && digest.startsWith("NEXT_");
}

export async function respond(what: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (isNextControlFlow(e)) throw e;
    // A refusal is an answer, not a failure: nothing to log.
    if (isAuthError(e)) return authErrorResponse(e);
    if (e instanceof HttpError) return Response.json({ error: e.message }, { status: e.status });
    const message = (e as Error)?.message ?? String(e);
    console.error(`[api] ${what} failed:`, e);
    return Response.json({ error: `${what} failed: ${message}` }, { status: 500 });
  }
}
