/**
 * Roles and what each may do. A role includes every role below it:
 * viewer (reads) < reviewer (comments, review decisions) < editor (models, datasets, audits)
 * < admin (users, settings).
 */
import { ROLES, type Role } from "@/db/schema";

export type { Role };
export { ROLES };

export const ROLE_RANK: Readonly<Record<Role, number>> = Object.freeze({
  viewer: 0,
  reviewer: 1,
  editor: 2,
  admin: 3,
});

/** What a person with the role may do, for the users page and the README. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = Object.freeze({
  viewer: "reads audits, reports, models and datasets",
  reviewer: "viewer, plus comments and review decisions",
  editor: "reviewer, plus models, datasets, audits and share links",
  admin: "editor, plus users and settings",
});

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` is at least `min` (an unknown role, e.g. a hand-edited row, has no rights). */
export function hasRole(role: unknown, min: Role): boolean {
  return isRole(role) && ROLE_RANK[role] >= ROLE_RANK[min];
}

/** Parses a role from user input; the message names the field and the allowed values. */
export function parseRole(value: unknown, field = "role"): Role {
  if (isRole(value)) return value;
  throw new Error(`${field}: must be one of ${ROLES.join(", ")}, got ${JSON.stringify(value)}`);
}
