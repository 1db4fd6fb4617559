import Link from "next/link";
import { currentUser } from "@/lib/auth/guard";
import { signOutAction } from "../actions";

/** Who is signed in, a link to the users page for admins, and sign-out: for the dashboard's header. */
export async function UserMenu() {
  const user = await currentUser();
  if (!user) return null;
  return (
    <div className="flex items-center gap-3 text-sm">
      <span className="text-muted">
        {user.email} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{user.role}</span>
      </span>
      {user.role === "admin" && (
        <Link href="/admin/users" className="text-muted hover:text-ink">
          Users
        </Link>
      )}
      <form action={signOutAction}>
        <button type="submit" className="text-muted hover:text-ink">
          Sign out
        </button>
      </form>
    </div>
  );
}
