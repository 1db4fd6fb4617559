import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { SIGN_IN_PATH } from "@/lib/auth/paths";
import { countUsers } from "@/lib/auth/users";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "First run" };
export const dynamic = "force-dynamic";

/** The first-run screen: open only while the database has no user at all. */
export default async function SetupPage() {
  if ((await countUsers(await getDb())) > 0) redirect(SIGN_IN_PATH);
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-bold">Create the first admin</h1>
      <p className="mt-1 mb-6 text-sm text-muted">
        This screen is shown once, while no account exists. The admin then creates accounts for everyone else
        (also possible from a terminal: <code>npx transfer-audit admin create</code>).
      </p>
      <SetupForm minLength={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
