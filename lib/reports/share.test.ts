import { describe, expect, it } from "vitest";
import { hashShareToken, isWellFormedToken, newShareToken, tokenMatches } from "./share";

describe("share tokens", () => {
  it("carry 256 random bits as 43 base64url characters and store only the sha256", () => {
    const { token, hash } = newShareToken();
    // 32 bytes -> ceil(32 * 8 / 6) = 43 base64url characters without padding.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(newShareToken().token).not.toBe(token);
    // sha256("abc") is the FIPS 180-2 example digest.
    expect(hashShareToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compares in constant time and rejects malformed tokens", () => {
    const { token, hash } = newShareToken();
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(`${token.slice(0, -1)}A`, hash) && !token.endsWith("A")).toBe(false);
    expect(tokenMatches(token, "00")).toBe(false);
    expect(isWellFormedToken("short")).toBe(false);
    expect(isWellFormedToken(`${token}/`)).toBe(false);
  });
});
