/**
 * Error handling shared by the route handlers: Next's own control-flow errors (redirect, notFound)
 * pass through, an error carrying a 4xx `status` (the guard's AuthError: 401 / 403) is answered
 * with it, anything else is logged and answered 500 with a sentence.
 */
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
    if (e instanceof HttpError) return Response.json({ error: e.message }, { status: e.status });
    const message = (e as Error)?.message ?? String(e);
    if (/^(forbidden|unauthori[sz]ed)/i.test(message))
      return Response.json({ error: message }, { status: 403 });
    console.error(`[api] ${what} failed:`, e);
    return Response.json({ error: `${what} failed: ${message}` }, { status: 500 });
  }
}
