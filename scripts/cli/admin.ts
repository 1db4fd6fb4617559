/**
 * `npx transfer-audit admin …`: accounts from a terminal, on the database the environment names
 * (the embedded one in .data/ by default; stop the app first, since only one process may open it).
 *
 *   admin create --email E --password P [--role admin|editor|reviewer|viewer] [--name N]
 *       The role defaults to admin. `--password -` reads the password from standard input, which
 *       keeps it out of the shell history and the process list.
 *   admin list
 *   admin set-role --email E --role R
 *   admin set-password --email E --password P   (ends the user's sessions)
 *
 * Exit codes: 0 done, 2 usage error, 1 refused (bad email, short password, duplicate, last admin).
 */
import type { Database } from "@/db/client";
import { parseRole } from "@/lib/auth/roles";
import { createUser, listUsers, normaliseEmail, setPassword, setUserRole, UserError } from "@/lib/auth/users";
import { parseArgs } from "./args";

const USAGE = [
  "admin create --email E --password P|- [--role admin|editor|reviewer|viewer] [--name N]",
  "admin list",
  "admin set-role --email E --role R",
  "admin set-password --email E --password P|-",
].join("\n       ");

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export interface AdminDeps {
  /** An open database (tests); default: the one the environment names, closed afterwards. */
  database?: Database;
  stdin?: () => Promise<string>;
  log?: (line: string) => void;
}

export async function runAdmin(argv: string[], deps: AdminDeps = {}): Promise<number> {
  const log = deps.log ?? ((l: string) => console.log(l));
  const [sub, ...rest] = argv;
  let args: ReturnType<typeof parseArgs>;
  try {
    if (!sub || !["create", "list", "set-role", "set-password"].includes(sub)) {
      throw new Error(sub ? `unknown subcommand '${sub}'` : "name a subcommand");
    }
    args = parseArgs(rest);
    if (sub !== "list") args.require("email");
    if (sub === "create" || sub === "set-password") args.require("password");
    if (sub === "set-role") args.require("role");
  } catch (e) {
    console.error(`admin: ${(e as Error).message}\nUsage: npx transfer-audit ${USAGE}`);
    return 2;
  }
  const password = async () => {
    const p = args.require("password");
    return p === "-" ? (deps.stdin ?? readStdin)() : p;
  };

  const own = !deps.database;
  const { openDatabase } = await import("@/db/client");
  const database = deps.database ?? (await openDatabase());
  try {
    const db = database.db;
    if (sub === "list") {
      for (const u of await listUsers(db)) log(`${u.role.padEnd(8)} ${u.email}  (${u.name}, id ${u.id})`);
      return 0;
    }
    if (sub === "create") {
      const u = await createUser(db, {
        email: args.require("email"),
        password: await password(),
        role: parseRole(args.get("role") ?? "admin", "--role"),
        name: args.get("name") ?? "",
      });
      log(`Created ${u.role} ${u.email} (id ${u.id}).`);
      return 0;
    }
    if (sub === "set-role") {
      const email = normaliseEmail(args.require("email"));
      const target = (await listUsers(db)).find((u) => u.email === email);
      if (!target) throw new UserError("--email", `no user with the email ${email}`);
      const u = await setUserRole(db, target.id, parseRole(args.require("role"), "--role"));
      log(`${u.email} is now ${u.role}.`);
      return 0;
    }
    await setPassword(db, args.require("email"), await password());
    log(`Password changed for ${normaliseEmail(args.require("email"))}; their sessions ended.`);
    return 0;
  } catch (e) {
    console.error(`admin ${sub}: ${(e as Error).message}`);
    return 1;
  } finally {
    if (own) await database.close();
  }
}
