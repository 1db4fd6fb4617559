import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import {
  ARGON2_PARAMS,
  checkPasswordPolicy,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from "./password";

describe("argon2id password hashing", () => {
  it("matches the reference argon2 implementation for the same salt and parameters", async () => {
    // Independent reference: the phc-winner-argon2 CLI (Debian package `argon2`, 20190702):
    //   echo -n "correct horse battery staple" | argon2 "ta-test-salt-16b" -id -t 2 -k 19456 -p 1 -l 32
    // printed this encoded hash.
    const reference =
      "$argon2id$v=19$m=19456,t=2,p=1$dGEtdGVzdC1zYWx0LTE2Yg$GTRPyRqo1sCkNBw3AEUwtgGY1a8OuXdoDFEnAIzCOf4";
    const ours = await hash("correct horse battery staple", {
      ...ARGON2_PARAMS,
      salt: Buffer.from("ta-test-salt-16b"),
    });
    expect(ours).toBe(reference);
    expect(await verifyPassword(reference, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(reference, "correct horse battery stapler")).toBe(false);
  });

  it("stores argon2id with OWASP's minimum parameters (m=19 MiB, t=2, p=1) and a fresh salt", async () => {
    const a = await hashPassword("a long enough password");
    const b = await hashPassword("a long enough password");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    // 16 random salt bytes: two hashes of one password differ.
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "a long enough password")).toBe(true);
    expect(await verifyPassword(a, "a long enough passworD")).toBe(false);
  });

  it("treats a malformed or foreign stored hash as a mismatch, not a crash", async () => {
    expect(await verifyPassword("", "x")).toBe(false);
    expect(await verifyPassword("plaintext", "plaintext")).toBe(false);
    expect(await verifyPassword("$argon2id$v=19$m=19456,t=2,p=1$garbage", "x")).toBe(false);
    // better-auth's own scrypt format (salt:hash) is not accepted.
    expect(await verifyPassword("abcd:ef01", "abcd")).toBe(false);
  });

  it("refuses an empty password to hash and enforces the length policy", async () => {
    await expect(hashPassword("")).rejects.toThrow(/password: must not be empty/);
    expect(() => checkPasswordPolicy("short")).toThrow(`at least ${MIN_PASSWORD_LENGTH} characters (got 5)`);
    expect(() => checkPasswordPolicy("x".repeat(MAX_PASSWORD_LENGTH + 1))).toThrow(/at most 128/);
    expect(() => checkPasswordPolicy(undefined)).toThrow(/password: required/);
    expect(checkPasswordPolicy("x".repeat(MIN_PASSWORD_LENGTH))).toHaveLength(MIN_PASSWORD_LENGTH);
  });
});
