/**
 * Accounts, written directly with drizzle in the shape better-auth reads: a `user` row and a
 * `credential` account row holding the argon2id hash (better-auth's email sign-in looks up the
 * account with providerId "credential" and checks the password against it).
 *
 * Why not better-auth's sign-up: sign-up is closed. The first admin is created only while no user
 * exists, under a transaction-scoped advisory lock so two concurrent first-run submissions cannot
 * both succeed (on Postgres, across processes too).
 */
import { randomUUID } from "node:crypto";
import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { account, type Role, session, user } from "@/db/schema";
import { checkPasswordPolicy, hashPassword } from "./password";
import { parseRole } from "./roles";

export const CREDENTIAL_PROVIDER = "credential";
/** pg_advisory_xact_lock key for user creation/removal (an arbitrary constant: "TAUSERS"). */
const USERS_LOCK = 0x5441_5553;

export class UserError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "UserError";
    this.field = field;
  }
}

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

export interface NewUserInput {
  email: string;
  password: string;
  role: Role;
  name?: string;
}

const emailSchema = z.string().trim().toLowerCase().max(254).email();

/** Lower-cased, trimmed; better-auth lower-cases the email at sign-in too. */
export function normaliseEmail(email: unknown): string {
  const r = emailSchema.safeParse(email);
  if (!r.success) throw new UserError("email", `not a valid email address: ${JSON.stringify(email)}`);
  return r.data;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(user);
  return row?.n ?? 0;
}

async function insertUser(tx: Db, input: NewUserInput): Promise<UserSummary> {
  const email = normaliseEmail(input.email);
  let password: string;
  try {
    password = checkPasswordPolicy(input.password);
  } catch (e) {
    throw new UserError("password", (e as Error).message.replace(/^password: /, ""));
  }
  const role = parseRole(input.role);
  const name = (input.name ?? "").trim() || email.split("@")[0]!;
  const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (existing) throw new UserError("email", `a user with the email ${email} already exists`);
  const id = randomUUID();
  const now = new Date();
  const [row] = await tx
    .insert(user)
    .values({ id, email, name, role, emailVerified: false, createdAt: now, updatedAt: now })
    .returning();
  await tx.insert(account).values({
    id: randomUUID(),
    accountId: id,
    providerId: CREDENTIAL_PROVIDER,
    userId: id,
    password: await hashPassword(password),
    createdAt: now,
    updatedAt: now,
  });
  return summary(row!);
}

function summary(row: typeof user.$inferSelect): UserSummary {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.createdAt };
}

async function locked<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(${USERS_LOCK})`);
    return fn(tx);
  });
}

/** Creates a user (admin page, CLI). */
export async function createUser(db: Db, input: NewUserInput): Promise<UserSummary> {
  return locked(db, (tx) => insertUser(tx, input));
}

export class SetupClosedError extends Error {
  constructor() {
    super("setup: an admin already exists; sign in, or ask an admin for an account");
    this.name = "SetupClosedError";
  }
}

/** The first-run admin: succeeds only while the user table is empty. */
export async function createFirstAdmin(db: Db, input: Omit<NewUserInput, "role">): Promise<UserSummary> {
  return locked(db, async (tx) => {
    if ((await countUsers(tx)) > 0) throw new SetupClosedError();
    return insertUser(tx, { ...input, role: "admin" });
  });
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.select().from(user).orderBy(asc(user.createdAt), asc(user.email));
  return rows.map(summary);
}

async function countAdmins(tx: Db): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(user).where(eq(user.role, "admin"));
  return row?.n ?? 0;
}

/** Changes a role; refuses to take the admin role from the last admin (nobody could manage users). */
export async function setUserRole(db: Db, id: string, role: Role): Promise<UserSummary> {
  const next = parseRole(role);
  return locked(db, async (tx) => {
    const [row] = await tx.select().from(user).where(eq(user.id, id));
    if (!row) throw new UserError("id", `no user with id ${id}`);
    if (row.role === "admin" && next !== "admin" && (await countAdmins(tx)) <= 1) {
      throw new UserError("role", `${row.email} is the only admin; make another admin first`);
    }
    const [updated] = await tx
      .update(user)
      .set({ role: next, updatedAt: new Date() })
      .where(eq(user.id, id))
      .returning();
    return summary(updated!);
  });
}

/** Deletes a user (sessions and accounts go by cascade, so a signed-in browser is out at once). */
export async function deleteUser(db: Db, id: string, actorId: string): Promise<void> {
  if (id === actorId) throw new UserError("id", "you cannot delete your own account");
  await locked(db, async (tx) => {
    const [row] = await tx.select().from(user).where(eq(user.id, id));
    if (!row) throw new UserError("id", `no user with id ${id}`);
    if (row.role === "admin" && (await countAdmins(tx)) <= 1) {
      throw new UserError("id", `${row.email} is the only admin`);
    }
    await tx.delete(user).where(eq(user.id, id));
  });
}

/** Replaces a user's password (CLI reset); their sessions end. */
export async function setPassword(db: Db, email: string, password: string): Promise<void> {
  const address = normaliseEmail(email);
  let checked: string;
  try {
    checked = checkPasswordPolicy(password);
  } catch (e) {
    throw new UserError("password", (e as Error).message.replace(/^password: /, ""));
  }
  const hashed = await hashPassword(checked);
  await locked(db, async (tx) => {
    const [row] = await tx.select().from(user).where(eq(user.email, address));
    if (!row) throw new UserError("email", `no user with the email ${address}`);
    const updated = await tx
      .update(account)
      .set({ password: hashed, updatedAt: new Date() })
      .where(sql`${account.userId} = ${row.id} and ${account.providerId} = ${CREDENTIAL_PROVIDER}`)
      .returning({ id: account.id });
    if (updated.length === 0) {
      await tx.insert(account).values({
        id: randomUUID(),
        accountId: row.id,
        providerId: CREDENTIAL_PROVIDER,
        userId: row.id,
        password: hashed,
      });
    }
    await tx.delete(session).where(eq(session.userId, row.id));
  });
}
