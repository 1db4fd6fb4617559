import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/guard";
import { SIGN_IN_PATH } from "@/lib/auth/paths";
import { isRole, ROLE_DESCRIPTIONS } from "@/lib/auth/roles";
import { signOutAction } from "../actions";

export const metadata: Metadata = { title: "Not allowed" };
export const dynamic = "force-dynamic";

/** Where a signed-in person lands on a page their role does not open. */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const user = await currentUser();
  if (!user) redirect(SIGN_IN_PATH);
  const need = (await searchParams).need;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">You cannot open that page</h1>
      <p>
        {isRole(need) ? (
          <>
            It needs the <strong>{need}</strong> role ({ROLE_DESCRIPTIONS[need]}).{" "}
          </>
        ) : null}
        You are signed in as {user.email} with the <strong>{user.role}</strong> role. An admin can change your
        role.
      </p>
      <div className="flex gap-4">
        <Link href="/" className="text-accent underline">
          Back to the audits
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="text-accent underline">
            Sign in as someone else
          </button>
        </form>
      </div>
    </div>
  );
}
