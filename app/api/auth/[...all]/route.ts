/**
 * better-auth's HTTP endpoints (/api/auth/sign-in/email, /api/auth/sign-out, /api/auth/get-session,
 * …) for machine clients; the dashboard's own forms use server actions. Sign-up is disabled in the
 * auth configuration (lib/auth/auth.ts), and these endpoints carry better-auth's own rate limit
 * and Origin checks.
 */
import { getAuth } from "@/lib/auth/auth";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  return (await getAuth()).handler(request);
}

export const GET = handle;
export const POST = handle;
