import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/guard";
import { SETUP_PATH, safeNextPath } from "@/lib/auth/paths";
import { countUsers } from "@/lib/auth/users";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next);
  // First run: nobody to sign in as yet.
  if ((await countUsers(await getDb())) === 0) redirect(SETUP_PATH);
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-muted">
        Accounts are created by an admin. Ask one if you have none.
      </p>
      <SignInForm next={next} />
    </div>
  );
}
