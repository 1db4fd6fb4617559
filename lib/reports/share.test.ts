import { describe, expect, it } from "vitest";
import { publicBaseUrl } from "@/lib/auth/auth";
import { hashShareToken, isWellFormedToken, newShareToken, shareUrl, tokenMatches } from "./share";

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

  it("builds the link on the configured public origin, whatever the request's Host says", () => {
    const { token } = newShareToken();
    // BETTER_AUTH_URL is the only input: a path or a trailing slash on it is dropped.
    const origin = publicBaseUrl({ BETTER_AUTH_URL: "https://audit.example.org/some/path/" });
    expect(shareUrl(origin, token)).toBe(`https://audit.example.org/share/${token}`);
    // Unset: the local default on PORT, as the server listens.
    expect(shareUrl(publicBaseUrl({ PORT: "3100" }), token)).toBe(`http://localhost:3100/share/${token}`);
    expect(() => shareUrl(origin, "../../evil")).toThrow(/share token/);
  });
});
