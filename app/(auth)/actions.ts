"use server";

/**
 * Sign-in, first run, sign-out and user management. Sign-in and first run are the only actions an
 * anonymous visitor may call (first run only while no user exists); the user actions need admin.
 */
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getAuth } from "@/lib/auth/auth";
import { isAuthError } from "@/lib/auth/errors";
import { requireUser } from "@/lib/auth/guard";
import { SIGN_IN_PATH, safeNextPath } from "@/lib/auth/paths";
import { parseRole } from "@/lib/auth/roles";
import { signInWithPassword } from "@/lib/auth/sign-in";
import {
  countUsers,
  createFirstAdmin,
  createUser,
  deleteUser,
  SetupClosedError,
  setUserRole,
  UserError,
} from "@/lib/auth/users";
import { clientIp } from "@/lib/reports/share";

export interface AuthFormState {
  ok?: boolean;
  error?: string;
  field?: string;
  message?: string;
}

function fail(e: unknown): AuthFormState {
  if (e instanceof UserError) return { error: e.message, field: e.field };
  if (e instanceof SetupClosedError || isAuthError(e)) return { error: e.message };
  if (e instanceof z.ZodError) {
    const i = e.issues[0]!;
    return { error: `${i.path.join(".") || "input"}: ${i.message}`, field: String(i.path[0] ?? "") };
  }
  console.error("[auth actions]", e);
  return { error: "Something went wrong; the error is in the server log." };
}

const field = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  let next: string;
  try {
    const h = await headers();
    const r = await signInWithPassword(await getAuth(), {
      email: field(form, "email"),
      password: field(form, "password"),
      ip: clientIp(h),
      userAgent: h.get("user-agent"),
    });
    if (!r.ok) return { error: r.error };
    next = safeNextPath(field(form, "next"));
  } catch (e) {
    return fail(e);
  }
  redirect(next);
}

export async function setupAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  try {
    const password = field(form, "password");
    if (password !== field(form, "confirm"))
      return { error: "confirm: the two passwords differ", field: "confirm" };
    const db = await getDb();
    // Checked again inside createFirstAdmin's transaction; this early answer spares the hash.
    if ((await countUsers(db)) > 0) throw new SetupClosedError();
    const admin = await createFirstAdmin(db, {
      email: field(form, "email"),
      password,
      name: field(form, "name"),
    });
    const h = await headers();
    const r = await signInWithPassword(await getAuth(), {
      email: admin.email,
      password,
      ip: clientIp(h),
      userAgent: h.get("user-agent"),
    });
    if (!r.ok) return { error: `The admin was created, but signing in failed: ${r.error}` };
  } catch (e) {
    return fail(e);
  }
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  const h = await headers();
  try {
    await (await getAuth()).api.signOut({ headers: h });
  } catch (e) {
    // No session (already signed out): nothing to end.
    console.warn("[auth] sign-out:", (e as Error).message);
  }
  redirect(SIGN_IN_PATH);
}

const newUserForm = z.object({
  email: z.string(),
  name: z.string().max(200).default(""),
  password: z.string(),
  role: z.string(),
});

export async function createUserAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  try {
    await requireUser("admin");
    const input = newUserForm.parse(Object.fromEntries(form));
    const u = await createUser(await getDb(), { ...input, role: parseRole(input.role) });
    revalidatePath("/admin/users");
    return { ok: true, message: `Created ${u.email} (${u.role}).` };
  } catch (e) {
    return fail(e);
  }
}

const roleForm = z.object({ userId: z.string().min(1).max(100), role: z.string() });

export async function setUserRoleAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  try {
    await requireUser("admin");
    const input = roleForm.parse(Object.fromEntries(form));
    const u = await setUserRole(await getDb(), input.userId, parseRole(input.role));
    revalidatePath("/admin/users");
    return { ok: true, message: `${u.email} is now ${u.role}.` };
  } catch (e) {
    return fail(e);
  }
}

const deleteForm = z.object({ userId: z.string().min(1).max(100) });

export async function deleteUserAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  try {
    const actor = await requireUser("admin");
    const input = deleteForm.parse(Object.fromEntries(form));
    await deleteUser(await getDb(), input.userId, actor.id);
    revalidatePath("/admin/users");
    return { ok: true, message: "User deleted; their sessions ended." };
  } catch (e) {
    return fail(e);
  }
}
