import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/guard";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { ROLE_DESCRIPTIONS, ROLES } from "@/lib/auth/roles";
import { listUsers } from "@/lib/auth/users";
import { CreateUserForm, DeleteUserForm, RoleForm } from "./forms";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const me = await requireUser("admin");
  const users = await listUsers(await getDb());
  return (
    <div className="space-y-8">
      <div>
        <Link href="/" className="text-sm text-accent underline">
          ← Audits
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Users</h1>
        <ul className="mt-2 space-y-0.5 text-sm text-muted">
          {ROLES.map((r) => (
            <li key={r}>
              <strong className="text-ink">{r}</strong>: {ROLE_DESCRIPTIONS[r]}
            </li>
          ))}
        </ul>
      </div>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Accounts</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2">
              Email
            </th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-slate-200 align-top">
              <td className="py-2">{u.email}</td>
              <td className="py-2">{u.name}</td>
              <td className="py-2">
                <RoleForm userId={u.id} email={u.email} role={u.role} />
              </td>
              <td className="py-2 text-right">
                {u.id !== me.id && <DeleteUserForm userId={u.id} email={u.email} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="new-user" className="max-w-sm">
        <h2 id="new-user" className="text-lg font-semibold">
          New account
        </h2>
        <CreateUserForm minLength={MIN_PASSWORD_LENGTH} />
      </section>
    </div>
  );
}
