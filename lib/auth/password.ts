/**
 * Password hashing: argon2id (RFC 9106), the memory-hard function OWASP's Password Storage Cheat
 * Sheet recommends first. Parameters: m = 19 MiB (19456 KiB), t = 2 iterations, p = 1 lane, a
 * 16-byte random salt and a 32-byte tag, which is OWASP's minimum configuration for argon2id
 * ("m=19456 (19 MiB), t=2, p=1"). One hash takes ~30-60 ms on this machine's cores; that cost is
 * paid per sign-in and per guess.
 *
 * The result is the PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), so the
 * parameters travel with each hash and can be raised later without invalidating stored ones.
 */
import { type Algorithm, hash, verify } from "@node-rs/argon2";

/** @node-rs/argon2's `Algorithm.Argon2id` (a const enum, which `isolatedModules` cannot inline). */
const ARGON2ID = 2 as Algorithm;

export const ARGON2_PARAMS = Object.freeze({
  algorithm: ARGON2ID,
  /** KiB: 19 MiB. */
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
});

/** Same bounds as the sign-in form and better-auth's length checks. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export function checkPasswordPolicy(password: unknown, field = "password"): string {
  if (typeof password !== "string") throw new Error(`${field}: required`);
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`${field}: must be at least ${MIN_PASSWORD_LENGTH} characters (got ${password.length})`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new Error(`${field}: must be at most ${MAX_PASSWORD_LENGTH} characters (got ${password.length})`);
  }
  return password;
}

export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== "string" || password.length === 0) throw new Error("password: must not be empty");
  return hash(password, ARGON2_PARAMS);
}

/**
 * Whether `password` matches the stored PHC string. A malformed or non-argon2 stored value is a
 * mismatch, never an exception, so sign-in answers the same "wrong email or password" for it.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (typeof storedHash !== "string" || !storedHash.startsWith("$argon2")) return false;
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
